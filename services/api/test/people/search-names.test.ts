import { nameLetters } from '@threefold/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignedIn } from '../support/auth.js';
import { createTestContext, type TestContext } from '../support/factories.js';

// Search and the duplicate check find names through the distinct name parts (trigrams over family
// and given names, then a btree join) and double metaphone, each arm bounded.
let t: TestContext;
let practitioner: SignedIn;

beforeAll(async () => {
  t = await createTestContext();
  practitioner = await t.signedIn('practitioner');
  for (const [g, f, dob] of [
    ['Margaret', 'Hammond', '1941-03-02'],
    ['Gwendolen', 'Featherstonehaugh', '1933-08-19'],
    ['Thomas', 'Oakenshaw', null],
  ] as const) {
    await t.newPerson({ givenName: g, familyName: f, ...(dob ? { dateOfBirth: dob } : {}), confirmNotDuplicate: true });
  }
});
afterAll(() => t.close());

const search = async (q: string) => {
  const res = await t.app.inject({
    method: 'GET',
    url: `/v1/people?q=${encodeURIComponent(q)}`,
    headers: practitioner.headers,
  });
  expect(res.statusCode).toBe(200);
  return (res.json().items as { givenName: string; familyName: string }[]).map((h) => `${h.givenName} ${h.familyName}`);
};

const createPerson = (body: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: '/v1/people', headers: practitioner.headers, payload: body });

describe('finding a misspelt name through its parts', () => {
  it('finds a family name with a letter dropped or two letters swapped', async () => {
    expect((await search('Margaret Hamond'))[0]).toBe('Margaret Hammond');
    expect((await search('Gwendolen Featherstonheaugh'))[0]).toBe('Gwendolen Featherstonehaugh');
  });

  it('finds a given name misspelt with the family name right, and both misspelt', async () => {
    expect((await search('Mragaret Hammond'))[0]).toBe('Margaret Hammond');
    expect((await search('Gwendolin Featherstonhaugh'))[0]).toBe('Gwendolen Featherstonehaugh');
  });

  it('finds by a misspelt family name alone', async () => {
    expect(await search('Okenshaw')).toContain('Thomas Oakenshaw');
  });

  it('narrows a misspelt name by date of birth', async () => {
    expect(await search('Margret Hammond 02/03/1941')).toEqual(['Margaret Hammond']);
    expect(await search('Margret Hammond 03/03/1941')).toEqual([]);
  });
});

describe('the duplicate check', () => {
  it('without a date of birth is bounded: at most five candidates, best first', async () => {
    for (let i = 0; i < 7; i++) {
      expect(
        (await createPerson({ givenName: 'Ann', familyName: 'Jones', confirmNotDuplicate: true })).statusCode,
      ).toBe(201);
    }
    await createPerson({ givenName: 'Anne', familyName: 'Jonas', confirmNotDuplicate: true });
    const dup = await createPerson({ givenName: 'Ann', familyName: 'Jones' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('possible_duplicate');
    const scores = (dup.json().candidates as { label: string; score: number }[]).map((c) => c.score);
    expect(scores).toHaveLength(5);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(dup.json().candidates[0].label).toBe('Ann Jones');
  });

  it('leaves out the same name born on another day, and finds a misspelt one without a date of birth', async () => {
    const other = await createPerson({ givenName: 'Margaret', familyName: 'Hammond', dateOfBirth: '1950-01-01' });
    expect(other.statusCode).toBe(201);
    const dup = await createPerson({ givenName: 'Tomas', familyName: 'Oakenshaw' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().candidates[0].label).toBe('Thomas Oakenshaw');
  });
});

describe('two letters swapped, one dropped or doubled, without flooding', () => {
  const families = async (q: string) => (await search(q)).map((name) => name.split(' ').at(-1));
  beforeAll(async () => {
    for (const [g, f] of [
      ['James', 'Wilson'],
      ['Mary', 'Wilson'],
      ['Peter', 'Wilkinson'],
      ['Anne', 'Willis'],
      ['Sarah', 'Watson'],
      ['John', 'Nelson'],
      ['Carol', 'Lowins'], // the same letters as Wilson, too far apart to be a typo of it
      ['Rose', 'Smith'],
      ['Rose', 'Smyth'],
      ['Ian', 'Smitham'],
      ['David', 'Jones'],
    ] as const) {
      await t.newPerson({ givenName: g, familyName: f, confirmNotDuplicate: true });
    }
  });

  it.each(['Wislon', 'Wlison', 'Wilsno', 'Iwlson', 'Wilso', 'Willson', 'Wilsonn'])(
    'finds the Wilsons first for "%s", and not every name with their letters',
    async (q) => {
      const found = await families(q);
      expect(found.slice(0, 2)).toEqual(['Wilson', 'Wilson']);
      expect(found).not.toContain('Lowins');
      expect(found).not.toContain('Watson');
    },
  );

  it('puts the person asked for first when the given name is there too', async () => {
    expect((await search('James Wislon'))[0]).toBe('James Wilson');
    expect((await search('Mary Wlison'))[0]).toBe('Mary Wilson');
    expect((await search('Mray Wilson'))[0]).toBe('Mary Wilson');
    expect((await search('Rose Smtih'))[0]).toBe('Rose Smith');
    expect((await search('Daivd Jnoes'))[0]).toBe('David Jones');
  });

  it('finds a short family name with a letter dropped, beyond trigrams and sound', async () => {
    expect((await search('Rose Smih'))[0]).toBe('Rose Smith');
    expect((await families('Jnes'))[0]).toBe('Jones');
    expect((await search('Dvid Jones'))[0]).toBe('David Jones');
  });

  it('finds "Smtih" and "Jnoes" alone, the exact-lettered name first', async () => {
    expect((await families('Smtih'))[0]).toBe('Smith');
    expect((await families('Jnoes'))[0]).toBe('Jones');
  });

  it('keeps the exact name first when its letters are also another name’s', async () => {
    expect((await search('Carol Lowins'))[0]).toBe('Carol Lowins');
    expect((await families('Wilson')).slice(0, 2)).toEqual(['Wilson', 'Wilson']);
    expect(await families('Wilson')).not.toContain('Lowins');
  });

  it('the duplicate check catches two letters swapped', async () => {
    const dup = await createPerson({ givenName: 'James', familyName: 'Wislon' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().candidates[0].label).toBe('James Wilson');
  });

  it('name_letters (the SQL, as nameLetters) keeps every swap of two adjacent letters, ignores case and punctuation, and notices a dropped letter', async () => {
    const names = ['Wilson', 'Featherstonehaugh', "O'Neill", 'Smith-Jones', 'Zoë'];
    const cases = names.flatMap((name) =>
      Array.from({ length: name.length - 1 }, (_, i) => [
        name,
        name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2),
      ]),
    );
    const { rows } = await t.db.pool.query<{ same: boolean }>(
      `select name_letters(a) = name_letters(upper(b)) as same from unnest($1::text[], $2::text[]) as x(a, b)`,
      [cases.map((c) => c[0]), cases.map((c) => c[1])],
    );
    expect(rows.every((r) => r.same)).toBe(true);
    const dropped = await t.db.pool.query<{ k: string; d: string }>(
      `select name_letters('Wilson') as k, name_letters('Wilso') as d`,
    );
    expect(dropped.rows[0]).toEqual({ k: 'ilnosw', d: 'ilosw' });
    // The search computes the keys it probes in TypeScript: they must be the index's.
    const all = [...names, ...cases.map((c) => c[1]!), 'ÉLISE', 'Zoë-Ann', 'Åsa Ødegård', 'MacDonald ', ''];
    const sqlKeys = await t.db.pool.query<{ k: string }>(
      `select name_letters(a) as k from unnest($1::text[]) with ordinality as x(a, i) order by i`,
      [all],
    );
    expect(sqlKeys.rows.map((r) => r.k)).toEqual(all.map(nameLetters));
  });
});

describe('an exact full name shared by many people', () => {
  // Enough namesakes to fill a page (limit 4: 5 asked for), plus near spellings that rank after them.
  const ids: string[] = [];
  beforeAll(async () => {
    for (let i = 0; i < 7; i++) {
      ids.push((await t.newPerson({ givenName: 'Ottoline', familyName: 'Quennell', confirmNotDuplicate: true })).id);
    }
    ids.push((await t.newPerson({ givenName: 'OTTOLINE', familyName: 'quennell', confirmNotDuplicate: true })).id);
    await t.newPerson({ givenName: 'Ottoline', familyName: 'Quenell', confirmNotDuplicate: true });
    await t.newPerson({ givenName: 'Otoline', familyName: 'Quennell', confirmNotDuplicate: true });
    await t.newPerson({ givenName: 'Ottoline', familyName: 'Quennell-Smith', confirmNotDuplicate: true });
  });

  const page = async (q: string, limit: number, cursor?: string) => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/v1/people?q=${encodeURIComponent(q)}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
      headers: practitioner.headers,
    });
    expect(res.statusCode).toBe(200);
    return res.json() as {
      items: { id: string; givenName: string; familyName: string; score: number }[];
      nextCursor: string | null;
    };
  };

  it('lists every exact match first, any case, newest id first, then the near spellings, each once across pages', async () => {
    const seen: { id: string; givenName: string; familyName: string; score: number }[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 10; i++) {
      const p = await page('ottoline  QUENNELL', 4, cursor);
      seen.push(...p.items);
      if (!p.nextCursor) break;
      cursor = p.nextCursor;
    }
    const exact = [...ids].sort().reverse();
    expect(seen.slice(0, exact.length).map((h) => h.id)).toEqual(exact);
    expect(new Set(seen.slice(0, exact.length).map((h) => h.score)).size).toBe(1);
    const rest = seen.slice(exact.length).map((h) => `${h.givenName} ${h.familyName}`);
    expect(rest).toEqual(expect.arrayContaining(['Ottoline Quenell', 'Otoline Quennell']));
    expect(Math.max(...seen.slice(exact.length).map((h) => h.score))).toBeLessThan(seen[0]!.score);
    expect(new Set(seen.map((h) => h.id)).size).toBe(seen.length);
  });

  it('gives the same first page whether the page is full of exact matches or not', async () => {
    const first = await page('Ottoline Quennell', 3);
    const wide = await page('Ottoline Quennell', 50);
    expect(first.items.map((h) => h.id)).toEqual(wide.items.slice(0, 3).map((h) => h.id));
    expect(wide.items.slice(0, ids.length).map((h) => h.id)).toEqual([...ids].sort().reverse());
  });
});
