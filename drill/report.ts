import { performance } from "node:perf_hooks";

/*
 * The drill's output: one line per step with its duration, `ok` or `FAIL`; a failed step's message follows on
 * indented lines. Every line is neutralised (no control characters from the engine, Terraform or a container's
 * logs reach the terminal).
 */

/** A step failed; its line has been printed. */
export class StepFailed extends Error {}

/** One finished step. */
export interface StepRecord {
  readonly name: string;
  readonly seconds: number;
  readonly ok: boolean;
}

/**
 * Control characters (but the newlines and tabs of a message's indented lines) and the invisible characters
 * that reorder what a terminal shows (bidi controls, zero-width characters) are printed as "?".
 */
const NOT_PRINTED =
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this pattern finds
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
const neutralise = (text: string) => text.replace(NOT_PRINTED, "?");

export class Report {
  readonly steps: StepRecord[] = [];

  constructor(private readonly say: (line: string) => void) {}

  line(text: string): void {
    this.say(neutralise(text));
  }

  /** Runs one step: prints its line when it ends, with what the step said it did. */
  async step(name: string, action: () => Promise<string>): Promise<void> {
    const start = performance.now();
    const seconds = () => (performance.now() - start) / 1000;
    let said: string;
    try {
      said = await action();
    } catch (error) {
      const took = seconds();
      this.steps.push({ name, seconds: took, ok: false });
      const message = error instanceof Error ? error.message : String(error);
      this.line(`FAIL ${format(took)}  ${name}: ${message.split("\n").join("\n         ")}`);
      throw new StepFailed(`${name}: ${message}`);
    }
    const took = seconds();
    this.steps.push({ name, seconds: took, ok: true });
    this.line(`ok   ${format(took)}  ${name}: ${said}`);
  }

  /** The seconds a step took, by name (the first of that name). */
  seconds(name: string): number | undefined {
    return this.steps.find((s) => s.name === name)?.seconds;
  }
}

function format(seconds: number): string {
  return `${seconds.toFixed(1).padStart(5)} s`;
}
