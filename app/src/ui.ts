// A few DOM helpers: the app is small enough that plain DOM is clearer than a framework.

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | ((event: Event) => void) | undefined>;

/** `h("p", { class: "x", "data-testid": "y", onclick: f }, "text", child)` */
export function h(tag: string, attrs: Attrs = {}, ...children: Child[]): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === "function") element.addEventListener(name.replace(/^on/, ""), value);
    else if (value === true) element.setAttribute(name, "");
    else element.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === "object" ? child : String(child));
  }
  return element;
}

/** A two-column list of labelled values; each value carries `data-testid` = its key. */
export function facts(rows: [label: string, testId: string, value: Child][]): HTMLElement {
  return h(
    "dl",
    { class: "facts" },
    ...rows.flatMap(([label, testId, value]) => [h("dt", {}, label), h("dd", { "data-testid": testId }, value)]),
  );
}

export function table(headers: string[], rows: Child[][], rowTestId: string): HTMLElement {
  return h(
    "table",
    {},
    h("thead", {}, h("tr", {}, ...headers.map((x) => h("th", {}, x)))),
    h("tbody", {}, ...rows.map((cells) => h("tr", { "data-testid": rowTestId }, ...cells.map((c) => h("td", {}, c))))),
  );
}

/** A hub or slash book timestamp (nanoseconds as a string) as a UTC date and time. */
export function time(nanos: string | null | undefined): string {
  if (!nanos) return "—";
  const ms = Number(BigInt(nanos) / 1_000_000n);
  return new Date(ms).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
}

/** A contract `Decimal` ("0.05") as a percentage ("5%"), cut at two decimals. */
export function percent(decimal: string): string {
  const [whole, fraction = ""] = decimal.split(".");
  const scaled = BigInt(whole + fraction.padEnd(18, "0").slice(0, 18)) / 10n ** 14n; // basis points × 100
  const text = (Number(scaled) / 100).toFixed(2).replace(/\.?0+$/, "");
  return `${text}%`;
}

export const bps = (n: number) => `${(n / 100).toFixed(2).replace(/\.?0+$/, "")}%`;

/** Every page of a paginated query, at most `maxPages` pages. */
export async function allPages<T>(
  page: (startAfter: string | undefined) => Promise<T[]>,
  key: (item: T) => string,
  maxPages = 20,
): Promise<T[]> {
  const all: T[] = [];
  let startAfter: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const items = await page(startAfter);
    all.push(...items);
    if (items.length === 0) break;
    startAfter = key(items[items.length - 1]);
  }
  return all;
}
