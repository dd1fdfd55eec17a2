// Unit tests of the snapshot's shipped layout (calculator/web/snapshot-pages.mjs).
import assert from "node:assert/strict";
import { test } from "node:test";
import { pack, unpack } from "../../../calculator/web/snapshot-pages.mjs";

const PAGE = 4096;
const HEADER = 128;

// A made-up Pyodide snapshot: its header (magic, memory offset, ...), then the memory.
function made(memory) {
  const snapshot = new Uint8Array(HEADER + memory.length);
  const words = new DataView(snapshot.buffer);
  words.setUint32(0, 0x12345678, true);
  words.setUint32(4, HEADER, true);
  snapshot.set(memory, HEADER);
  return snapshot;
}

function sample() {
  const base = new Uint8Array(8 * PAGE);          // as instantiation leaves it: data, then zeros
  base.fill(5, 0, 3 * PAGE);
  const memory = base.slice();
  memory[PAGE + 10] = 9;                          // a changed data page
  memory.fill(3, 5 * PAGE, 6 * PAGE + 100);       // heap written after instantiation
  return { base, memory };
}

test("only the pages that differ from the instantiated memory are shipped", () => {
  const { base, memory } = sample();
  const packed = pack(made(memory), base);
  assert.ok(packed.length < 4 * PAGE + HEADER + 64, `packed ${packed.length} bytes`);
  const { snapshot, fill } = unpack(packed);
  assert.equal(new DataView(snapshot.buffer).getUint32(0, true), 0, "unusable before it is filled");
  const instantiated = new Uint8Array(10 * PAGE);
  instantiated.set(base);
  fill(instantiated);
  assert.deepEqual(snapshot, made(memory));
});

test("a memory too small for the snapshot leaves it unusable", () => {
  const { base, memory } = sample();
  const { snapshot, fill } = unpack(pack(made(memory), base));
  fill(new Uint8Array(4 * PAGE));
  assert.equal(new DataView(snapshot.buffer).getUint32(0, true), 0);
});

test("anything but this layout is refused", () => {
  const { base, memory } = sample();
  const packed = pack(made(memory), base);
  assert.throws(() => unpack(packed.subarray(0, packed.length - 1)), /长度|页表/);
  const other = packed.slice();
  other[0] ^= 1;
  assert.throws(() => unpack(other), /版本/);
});

test("a changed page of the wasm's data is stored as what changed (XOR), and restored whole", () => {
  const { base, memory } = sample();
  const packed = pack(made(memory), base);
  const runs = new DataView(packed.buffer).getUint32(16, true);
  assert.equal(runs, 2);
  const first = (6 + 2 * runs) * 4 + HEADER;   // the table, Pyodide's header, then page 1
  const stored = packed.subarray(first, first + PAGE);
  assert.deepEqual([...stored.keys()].filter((i) => stored[i] !== 0), [10]);
  assert.equal(stored[10], 5 ^ 9);
  const heap = packed.subarray(first + PAGE, first + PAGE + 10);   // above the data: stored as it is
  assert.deepEqual([...heap], Array(10).fill(3));
});
