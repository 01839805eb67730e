/**
 * Names for the people benchmark, drawn from realistic frequency distributions so ten million
 * people carry millions of distinct full names (as a region's records do), not a few thousand.
 *
 * Sources of the heads (the most common names, in their published order of frequency):
 * - family names: Office for National Statistics, surname frequencies for England, Wales and the
 *   Isle of Man, 2002 (the top 100, as reproduced in "List of most common surnames in Europe —
 *   United Kingdom" on Wikipedia);
 * - given names: Office for National Statistics, "Baby names in England and Wales, 1904 to 1994"
 *   (the top 100 of each decade), the decades in which today's adults were born.
 * Weights follow rank, not the published counts: a Zipf–Mandelbrot law 1 / (rank + 3), fitted by
 * eye to the ONS surnames (Smith ≈ 1–2 %, the 100th name ≈ 0.1 %). Past the heads, a long tail of
 * synthetic but plausible names is built from English place-name and surname syllables
 * (Ashbrook, Kelworth, Thornby…), deterministically: 400,000 family names and 20,000 given names.
 */

/** ONS 2002, England, Wales and the Isle of Man: the 100 most common family names, commonest first. */
export const ONS_FAMILY_NAMES = `Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson
Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson Wood Turner Martin Cooper
Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen James Scott Phillips Watson Davis Parker Price
Bennett Young Griffiths Mitchell Kelly Cook Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards
Khan Marshall Anderson Simpson Ellis Adams Singh Begum Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Ali
Hunt Hussain Campbell Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell Barker Fisher Stevens
Jenkins Murray Dixon Harvey`.split(/\s+/);

/** ONS baby names 1904–1994 (top 100 by decade): common given names of adults today, commonest first. */
export const ONS_GIVEN_NAMES =
  `Margaret John Mary David William Susan Peter Patricia Michael Elizabeth James Jean Robert
Joan Brian George Dorothy Sarah Thomas Christine Paul Linda Kenneth Barbara Ronald Sandra Anthony Janet Alan Jennifer
Stephen Helen Richard Shirley Mark Pauline Andrew Maureen Christopher Valerie Ian Carol Derek Ann Roy Brenda Keith
Sheila Colin Doris Raymond Joyce Dennis Kathleen Arthur Irene Frederick Julie Albert Karen Charles Gillian Joseph
Betty Harold Anne Daniel Deborah Graham Lisa Philip Nicola Martin Claire Kevin Rachel Gary Emma Matthew Tracey
Edward Joanne Alfred Catherine Ernest Jane Leonard Lucy Stanley Louise Walter Amanda Henry Michelle Neil Rebecca Simon
Laura Darren Gemma Lee Hannah Craig Jessica Jason Amy Ryan Lauren Adam Sophie Luke Charlotte Jamie Victoria Liam
Kelly Dean Samantha Wayne Florence Carl Edith Scott Ivy Nicholas Lilian Joshua Annie Benjamin Alice Jack Elsie
Samuel Gladys Sam Winifred`.split(/\s+/);

const STARTS = `ash ald bar bel black brad bram brook cal car chad cold crab dal dar den dun ed el fair far fen gar gold
gran green hal har hay hol hor kel ken kir lang lin mar mel mor nor oak pen rad ran red rid ros rud sal shel stan
ster thorn tor wal war wes whit wil win wood yar bur cran pem stock`.split(/\s+/);
const MIDS = ['', 'a', 'e', 'i', 'o', 'en', 'er', 'ing', 'le', 'wy', 'ren', 'bel'];
const FAMILY_ENDS = `ton ley by ford well worth ham field wood stone hurst croft more bridge dale son er ett ard ock
ins lowe man cott hill shaw thorpe wick combe den`.split(/\s+/);
const GIVEN_ENDS = `a ia ine elle ey o an on us ah ette ina en ie yn ald ric win`.split(/\s+/);

const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);

/** A seeded generator (mulberry32): the same seed gives the same names every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** `count` distinct names: the head in order, then synthetic ones in a seeded order. */
function nameList(head: string[], synthetic: (add: (s: string) => void) => void, count: number, seed: number) {
  const seen = new Set(head.map((h) => h.toLowerCase()));
  const tail: string[] = [];
  synthetic((s) => {
    if (s.length >= 3 && !seen.has(s)) {
      seen.add(s);
      tail.push(cap(s));
    }
  });
  return [...head, ...shuffled(tail, seeded(seed)).slice(0, count - head.length)];
}

export const familyNameList = (count = 400_000): string[] =>
  nameList(
    ONS_FAMILY_NAMES,
    (add) => {
      for (const a of STARTS)
        for (const e of FAMILY_ENDS) {
          for (const m of MIDS) add(a + m + e);
          for (const b of STARTS) {
            add(a + b + e);
            for (const m of MIDS.slice(1, 6)) add(a + m + b + e);
          }
        }
    },
    count,
    21,
  );

export const givenNameList = (count = 20_000): string[] =>
  nameList(
    ONS_GIVEN_NAMES,
    (add) => {
      for (const a of STARTS)
        for (const e of GIVEN_ENDS) {
          for (const m of MIDS) add(a + m + e);
          for (const b of STARTS.slice(0, 20)) add(a + b.slice(0, 2) + e);
        }
    },
    count,
    7,
  );

/**
 * Draws ranks 0…n-1 with weight 1 / (rank + 3) (Zipf–Mandelbrot), by binary search over the
 * cumulative weights.
 */
export function zipfSampler(n: number, random: () => number, offset = 3): () => number {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let r = 0; r < n; r++) cumulative[r] = total += 1 / (r + 1 + offset);
  return () => {
    const x = random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}
