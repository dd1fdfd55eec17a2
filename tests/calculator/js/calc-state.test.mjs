// calculator/web/calc-state.js: the one store and its subscribers.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createStore, initialState } from "../../../calculator/web/calc-state.js";

test("the initial state names what the page keeps", () => {
  const state = initialState({ scenario: { items: [] } });
  assert.deepEqual(Object.keys(state).sort(),
    ["computed", "dateFromLink", "engine", "engineInfo", "failure", "labelFromLink", "labelNote", "progress", "scenario",
      "seen", "slow"]);
  assert.equal(state.engine, "loading");
  assert.deepEqual(state.scenario, { items: [] });
});

test("set merges, tells subscribers which keys changed, and a new state object each time", () => {
  const store = createStore(initialState());
  const heard = [];
  store.subscribe((state, keys) => heard.push([keys, state.engine, state.labelNote]));
  const before = store.get();
  store.set({ engine: "ready", labelNote: "" }); // labelNote unchanged: not named
  assert.deepEqual(heard, [[["engine"], "ready", ""]]);
  assert.notEqual(store.get(), before);
  assert.equal(before.engine, "loading");
  store.set({ engine: "ready" }); // nothing changed: nobody is told
  assert.equal(heard.length, 1);
});

test("update, changed in place, and unsubscribe", () => {
  const scenario = { items: [] };
  const store = createStore(initialState({ scenario }));
  const heard = [];
  const stop = store.subscribe((state, keys) => heard.push(keys.join()));
  store.update((state) => ({ labelFromLink: !state.labelFromLink }));
  assert.equal(store.get().labelFromLink, true);
  scenario.items.push({ type: "x" });
  store.changed("scenario");
  assert.equal(store.get().scenario.items.length, 1);
  stop();
  store.set({ engine: "failed" });
  assert.deepEqual(heard, ["labelFromLink", "scenario"]);
});

test("a subscriber may unsubscribe another while being told", () => {
  const store = createStore(initialState());
  const heard = [];
  let stopB = null;
  store.subscribe(() => { heard.push("a"); stopB(); });
  stopB = store.subscribe(() => heard.push("b"));
  store.set({ engine: "ready" });
  store.set({ engine: "failed" });
  assert.deepEqual(heard, ["a", "b", "a"]);
});
