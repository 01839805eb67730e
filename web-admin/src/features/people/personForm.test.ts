import { describe, expect, it } from 'vitest';
import { personBody } from '@/test-support/people';
import type { Person } from './api';
import { dateInputOf, parseDateInput } from '@/format/dateInput';
import { birthAndAge } from '@/format/dates';
import { relationshipText } from '@/format/people';
import { changesBetween, checkPerson, emptyPersonForm, formOf, newPersonOf } from './personForm';

const margaret = personBody() as Person;

describe('dates as people type them', () => {
  it('reads day first, with slashes, dots, dashes or spaces, and ISO dates', () => {
    expect(parseDateInput('02/03/1941')).toBe('1941-03-02');
    expect(parseDateInput('2/3/1941')).toBe('1941-03-02');
    expect(parseDateInput(' 2.3.1941 ')).toBe('1941-03-02');
    expect(parseDateInput('2-3-1941')).toBe('1941-03-02');
    expect(parseDateInput('2 3 1941')).toBe('1941-03-02');
    expect(parseDateInput('1941-03-02')).toBe('1941-03-02');
  });

  it('refuses dates that do not exist and two-digit years', () => {
    expect(parseDateInput('31/02/1941')).toBeNull();
    expect(parseDateInput('02/03/41')).toBeNull();
    expect(parseDateInput('March 1941')).toBeNull();
    expect(dateInputOf('1941-03-02')).toBe('02/03/1941');
  });

  it('says a person’s age with their date of birth', () => {
    expect(birthAndAge('1941-03-02', '2025-03-01')).toBe('2 March 1941 (83)');
    expect(birthAndAge('1941-03-02', '2025-03-02')).toBe('2 March 1941 (84)');
  });

  it('names relationships in plain words', () => {
    expect(relationshipText('unpaid_carer_of')).toBe('is the unpaid carer of');
    expect(relationshipText('cared_for_by')).toBe('is cared for by');
    expect(relationshipText('has_lpa_attorney')).toBe('has given lasting power of attorney to');
  });
});

describe('the person form', () => {
  it('a correction sends only what changed, with the reason; an NHS number typed with spaces is no change', () => {
    const form = formOf(margaret);
    expect(form.nhsNumber).toBe('943 476 5919');
    expect(form.dateOfBirth).toBe('02/03/1941');
    expect(changesBetween(margaret, form, 'x')).toEqual({});

    form.nhsNumber = '9434765919';
    form.dateOfBirth = '2/3/1941';
    form.phone = ' 01743 000000 ';
    form.town = '';
    expect(changesBetween(margaret, form, ' New phone ')).toEqual({
      phone: '01743 000000',
      town: null,
      reason: 'New phone',
    });
  });

  it('a new person: trimmed, empty fields left out, the date and NHS number as the API takes them', () => {
    const form = {
      ...emptyPersonForm(),
      givenName: ' Ada ',
      familyName: 'Lovelace',
      dateOfBirth: '10/12/1955',
      nhsNumber: '943 476 5919',
    };
    expect(checkPerson(form, '2025-11-25')).toEqual({});
    expect(newPersonOf(form)).toEqual({
      givenName: 'Ada',
      familyName: 'Lovelace',
      dateOfBirth: '1955-12-10',
      nhsNumber: '9434765919',
    });
    expect(newPersonOf(form, true)).toMatchObject({ confirmNotDuplicate: true });
  });

  it('catches the usual slips before sending', () => {
    const errors = checkPerson(
      {
        ...emptyPersonForm(),
        givenName: 'Ada',
        familyName: 'Lovelace',
        dateOfBirth: '01/01/2030',
        postcode: 'SY2 6NO',
        email: 'ada@',
      },
      '2025-11-25',
    );
    expect(errors).toEqual({
      dateOfBirth: 'Their date of birth cannot be in the future',
      postcode: 'Enter a real UK postcode, like SY2 6ND',
      email: 'Enter an email address in the right format, like name@example.org',
    });
  });
});
