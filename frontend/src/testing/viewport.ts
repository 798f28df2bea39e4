/**
 * jsdom has no layout and no media queries. This `matchMedia` answers MUI's breakpoint queries
 * ("(min-width:900px)", "(max-width:899.95px)") and "(pointer: coarse)" for a chosen screen, so a
 * test can render what a 390 px phone shows.
 */
type Screen = { width: number; touch: boolean };
let screen: Screen = { width: 1280, touch: false };

function matches(query: string): boolean {
  return query
    .replace(/^@media\s*/, "")
    .split(/\s+and\s+/)
    .every((part) => {
      const size = /\((min|max)-width:\s*([\d.]+)px\)/.exec(part);
      if (size) return size[1] === "min" ? screen.width >= Number(size[2]) : screen.width <= Number(size[2]);
      if (/\(pointer:\s*coarse\)/.test(part)) return screen.touch;
      if (/\(pointer:\s*fine\)/.test(part)) return !screen.touch;
      return false;
    });
}

export function installMatchMedia() {
  window.matchMedia = (query: string) =>
    ({
      matches: matches(query),
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }) as MediaQueryList;
}

/** A phone (390 px, touch) or a desktop (1280 px, mouse) for the rest of this test. */
export function setScreen(kind: "phone" | "desktop") {
  screen = kind === "phone" ? { width: 390, touch: true } : { width: 1280, touch: false };
}

export function resetScreen() {
  screen = { width: 1280, touch: false };
}
