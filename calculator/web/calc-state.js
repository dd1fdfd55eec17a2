/* What the page's modules share: the scenario being edited, the last computed state, the page's
 * elements, and where the scenario came from. */
export const S = {
  scenario: null,
  lastState: null,     // the last computed result and problems (null: positions may have moved)
  dateFromLink: false, // the as-of date came with an opened link: say so beside it
  labelFromLink: false, // the scenario name came with an opened link (an example's title)
  labelNote: "",       // why the name was just cleared
};

export const els = {};

export function announce(text) {
  // Re-set so the same message twice is read twice.
  els.announce.textContent = "";
  setTimeout(() => { els.announce.textContent = text; }, 50);
}
