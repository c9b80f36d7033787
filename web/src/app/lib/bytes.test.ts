import { describe, expect, it } from "vitest";
import { base64ToBytes, bytesToBase64, decodeText, textToBase64 } from "./bytes";

describe("base64", () => {
  it("round-trips every byte value", () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(base64ToBytes(bytesToBase64(all))).toEqual(all);
  });

  it("encodes more than one chunk", () => {
    const big = new Uint8Array(100_000).map((_, i) => (i * 7) & 0xff);
    expect(base64ToBytes(bytesToBase64(big))).toEqual(big);
  });

  it("encodes text as UTF-8", () => {
    expect(textToBase64("héllo")).toBe("aMOpbGxv");
    expect(bytesToBase64(new Uint8Array())).toBe("");
  });
});

describe("decodeText", () => {
  it("reads UTF-8 text", () => {
    expect(decodeText(new TextEncoder().encode("print('é')\n"))).toBe("print('é')\n");
  });
  it("calls a file with a NUL byte binary", () => {
    expect(decodeText(new Uint8Array([0x41, 0, 0x42]))).toBeNull();
  });
  it("calls invalid UTF-8 binary", () => {
    expect(decodeText(new Uint8Array([0xff, 0xfe, 0x41]))).toBeNull();
  });
  it("reads an empty file as empty text", () => {
    expect(decodeText(new Uint8Array())).toBe("");
  });
});
