/* The page's one state: a store holding what the views draw from, with subscribers. No DOM; the
 * controller creates the store (createStore(initialState(...))) and is the only one to change it.
 *
 *   scenario       the scenario being edited (the rules' JSON input; edits change it in place,
 *                  then the controller says so with changed("scenario"))
 *   computed       the last computed result and problems (calc-evaluate.js), or null when
 *                  positions may have moved since
 *   seen           which problems are shown (calc-messages.js createSeen)
 *   engine         "loading", "ready" or "failed"
 *   progress       the worker's last progress event while loading ({step, steps, text}), or null
 *   slow           the engine takes longer than usual to start
 *   engineInfo     the worker's ready event (rulesVersion, ...), once ready
 *   failure        why the engine cannot start: a report ({what, detail, problems, fixes, audience})
 *   dateFromLink   the as-of date came with an opened link: say so beside it
 *   labelFromLink  the scenario name came with an opened link (an example's title)
 *   labelNote      why the name was just cleared
 *
 * Tested in Node: tests/calculator/js/calc-state.test.mjs. */

export function initialState(values) {
  return Object.assign({ scenario: null, computed: null, seen: null, engine: "loading", progress: null, slow: false,
    engineInfo: null, failure: null, dateFromLink: false, labelFromLink: false, labelNote: "" }, values || {});
}

/** A store: get() the current state; set(patch) merges the patch; update(fn) merges fn(state);
 * changed(...keys) tells subscribers a key changed in place; subscribe(fn) calls fn(state, keys)
 * after each change with the keys that changed, and returns a function that unsubscribes. */
export function createStore(initial) {
  let state = Object.assign({}, initial);
  const subscribers = new Set();

  function notify(keys) {
    if (!keys.length) return;
    Array.from(subscribers).forEach((fn) => fn(state, keys));
  }

  function set(patch) {
    const keys = Object.keys(patch || {}).filter((k) => !Object.is(state[k], patch[k]));
    if (!keys.length) return;
    state = Object.assign({}, state, patch);
    notify(keys);
  }

  return {
    get: () => state,
    set,
    update: (fn) => set(fn(state)),
    changed: (...keys) => notify(keys),
    subscribe(fn) {
      subscribers.add(fn);
      return () => { subscribers.delete(fn); };
    },
  };
}
