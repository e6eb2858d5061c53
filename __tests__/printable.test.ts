import { printable } from "../constructs/domain";

/*
 * The one function every message goes through (constructs/domain/printable.ts): what it shows of a text
 * that came from outside.
 */

const ESC = "\u001b";
const KEY_ID = "AKIAIOSFODNN7EXAMPLE";
const SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const INSTANCE_SECRET = "4361726c6f732053616e7461636f6e7374616e7a61204d61727175657a203230";

describe("printable", () => {
  it("leaves plain text alone", () => {
    expect(printable("convex-app-data")).toBe("convex-app-data");
    expect(printable("a9a760ca10399ed42e1b4bb87c78539a235488c7")).toBe("a9a760ca10399ed42e1b4bb87c78539a235488c7");
    expect(printable("first\nsecond", { keepLineBreaks: true })).toBe("first\nsecond");
  });

  it.each([
    ["a terminal escape sequence (clear the screen)", `${ESC}[2J${ESC}[H`, "\\u001b[2J\\u001b[H"],
    ["an OSC sequence (set the window title), ended by BEL", `${ESC}]0;pwned\u0007`, "\\u001b]0;pwned\\u0007"],
    ["a carriage return that rewrites the line", "ok\rFAIL", "ok\\u000dFAIL"],
    ["a line break in a value", "x\nok app (forged)", "x\\u000aok app (forged)"],
    ["a C1 control character (CSI)", "\u009b31m", "\\u009b31m"],
    ["a bidi override", "evil\u202egnp.exe", "evil\\u202egnp.exe"],
    ["a zero-width space", "convex\u200bapp", "convex\\u200bapp"],
    ["an unpaired surrogate", "a\ud800b", "a\\ud800b"],
  ])("writes %s as escapes", (_title, text, shown) => {
    expect(printable(text)).toBe(shown);
    // eslint-disable-next-line no-control-regex -- control characters are the point: none may be left
    expect(printable(text)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e]/);
  });

  it("keeps a message's line breaks but escapes every other control character in it", () => {
    expect(printable(`line 1 ${ESC}[31m\nline 2\r`, { keepLineBreaks: true })).toBe(
      "line 1 \\u001b[31m\nline 2\\u000d",
    );
  });

  it.each([
    ["an AWS access key id", `key ${KEY_ID} here`, "key <an AWS access key id: not shown> here"],
    [
      "a secret access key",
      `secret=${SECRET_KEY}`,
      "secret=<40 characters shaped like an AWS secret access key: not shown>",
    ],
    [
      "a URL's user and password",
      "postgres://convex:hunter2@db.internal:5432",
      "postgres://<a URL with a password in it: not shown>@db.internal:5432",
    ],
    [
      "an instance secret",
      `INSTANCE_SECRET=${INSTANCE_SECRET}`,
      "INSTANCE_SECRET=<64 hex characters, the shape of an INSTANCE_SECRET: not shown>",
    ],
    ["an admin key", `convex-app|${"0a".repeat(40)}`, "convex-app|<a Convex admin key: not shown>"],
    [
      "a PEM block, whole",
      "-----BEGIN PRIVATE KEY-----\nMIIEvQ\n-----END PRIVATE KEY-----, then more",
      "<a PEM block (key or certificate): not shown>, then more",
    ],
  ])("masks %s", (_title, text, shown) => {
    expect(printable(text, { keepLineBreaks: true })).toBe(shown);
  });

  it("does not take a Docker digest for an instance secret", () => {
    expect(printable(`image sha256:${INSTANCE_SECRET}`)).toBe(`image sha256:${INSTANCE_SECRET}`);
  });

  it("shows at most 200 characters of a value, and says how many more there are", () => {
    expect(printable("x".repeat(1000))).toBe(`${"x".repeat(200)}... (800 more characters not shown)`);
    expect(printable("y".repeat(50), { maxLength: 10 })).toBe(`${"y".repeat(10)}... (40 more characters not shown)`);
  });

  it("masks a secret that the cut goes through, whole, and never shows a part of it", () => {
    const text = `${"x".repeat(190)}${KEY_ID}${"z".repeat(100)}`;
    const shown = printable(text);
    expect(shown).toBe(`${"x".repeat(190)}<an AWS access key id: not shown>... (100 more characters not shown)`);
    expect(shown).not.toContain("AKIA");
  });

  it("never cuts a surrogate pair in two", () => {
    expect(printable(`${"x".repeat(199)}😀tail`)).toBe(`${"x".repeat(199)}... (6 more characters not shown)`);
  });

  it("answers a megabyte of hostile text with a bounded line", () => {
    const huge = `${ESC}[2J ${KEY_ID}\n`.repeat(50_000);
    const shown = printable(huge);
    expect(shown.length).toBeLessThan(1000);
    expect(shown).not.toContain(ESC);
    expect(shown).not.toContain(KEY_ID);
  });
});
