import { setTimeout as sleep } from "node:timers/promises";

/*
 * The stand-in backend's own HTTP interface (drill/images/context/backend/stand_in_backend.py), which the
 * real backend does not have: markers the drill writes into its database and reads back, and the files it
 * wrote into its storage folder. Reached through the port the stack publishes on the host.
 */

/** A file the stand-in wrote under /convex/data/storage, as it recorded it. */
export interface StandInFile {
  readonly path: string;
  readonly sha256: string;
}

const TIMEOUT_MS = 5000;
const MAX_ANSWER_BYTES = 1 << 20;

export class StandInBackend {
  constructor(readonly url: string) {}

  private async call(method: "GET" | "POST", path: string): Promise<{ status: number; body: string }> {
    const answer = await fetch(`${this.url}${path}`, { method, signal: AbortSignal.timeout(TIMEOUT_MS) });
    const body = await answer.text();
    return { status: answer.status, body: body.slice(0, MAX_ANSWER_BYTES) };
  }

  /** Writes a marker row into the backend's database; resolves once it is committed. */
  async writeMarker(name: string): Promise<void> {
    const { status, body } = await this.call("POST", `/stand-in/markers/${encodeURIComponent(name)}`);
    if (status !== 201) throw new Error(`the stand-in backend did not write marker ${name}: ${status} ${body.trim()}`);
  }

  /** Whether the marker row is in the database the backend runs on. */
  async hasMarker(name: string): Promise<boolean> {
    const { status, body } = await this.call("GET", `/stand-in/markers/${encodeURIComponent(name)}`);
    if (status !== 200 && status !== 404)
      throw new Error(`the stand-in backend answered ${status} for marker ${name}: ${body.trim()}`);
    return status === 200;
  }

  /** What the stand-in says about itself: whether it created its database at this start, among others. */
  async status(): Promise<{ readonly createdDatabase?: unknown }> {
    const { status, body } = await this.call("GET", "/stand-in/status");
    if (status !== 200) throw new Error(`the stand-in backend answered ${status} for its status`);
    const parsed: unknown = JSON.parse(body);
    return parsed !== null && typeof parsed === "object" ? parsed : {};
  }

  /** The files the backend has written (its rows say which). */
  async files(): Promise<StandInFile[]> {
    const { status, body } = await this.call("GET", "/stand-in/files");
    if (status !== 200) throw new Error(`the stand-in backend answered ${status} for its file list`);
    const parsed: unknown = JSON.parse(body);
    if (!Array.isArray(parsed)) throw new Error("the stand-in backend's file list is not a list");
    return (parsed as Partial<StandInFile>[])
      .filter((f): f is StandInFile => typeof f?.path === "string" && typeof f?.sha256 === "string")
      .map((f) => ({ path: f.path, sha256: f.sha256 }));
  }

  /** The files it has, once it has at least one (it writes them as it runs). */
  async waitForFiles(timeoutSeconds: number): Promise<StandInFile[]> {
    const deadline = Date.now() + timeoutSeconds * 1000;
    for (;;) {
      const files = await this.files();
      if (files.length > 0) return files;
      if (Date.now() > deadline) throw new Error(`the stand-in backend wrote no file within ${timeoutSeconds} s`);
      await sleep(250);
    }
  }

  /** The HTTP status it serves a file with (200 only when the file is there and matches what its row recorded). */
  async serveStatus(path: string): Promise<number> {
    return (await this.call("GET", `/stand-in/files/${path.split("/").map(encodeURIComponent).join("/")}`)).status;
  }
}
