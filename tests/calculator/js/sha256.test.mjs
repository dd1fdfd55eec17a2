// The worker's SHA-256 without SubtleCrypto (calculator/web/sha256.mjs) against Node's.
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { test } from "node:test";
import { sha256Hex, sha256Plain } from "../../../calculator/web/sha256.mjs";

const node = (bytes) => createHash("sha256").update(bytes).digest("hex");

test("the known vectors", () => {
  assert.equal(sha256Plain(new Uint8Array()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  assert.equal(sha256Plain(new TextEncoder().encode("abc")),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
});

test("every length around the block and padding edges, and a large file", () => {
  for (let length = 0; length < 200; length++) {
    const bytes = new Uint8Array(randomBytes(length));
    assert.equal(sha256Plain(bytes), node(bytes), `length ${length}`);
  }
  const large = new Uint8Array(randomBytes(3_000_001));
  assert.equal(sha256Plain(large), node(large));
  assert.equal(sha256Plain(large.subarray(7, 1_000_007)), node(large.subarray(7, 1_000_007)));
});

test("SubtleCrypto where there is one gives the same", async () => {
  const bytes = new Uint8Array(randomBytes(1000));
  assert.equal(await sha256Hex(bytes), node(bytes));
});
