import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import ClosedStories from './ClosedStories.vue';

const closed = {
  total: 3,
  byReason: [
    { reason: 'resolved_in_conversation_1', count: 2 },
    { reason: 'resolved_in_conversation_2', count: 0 },
    { reason: 'resolved_in_conversation_3', count: 0 },
    { reason: 'long_term_support_arranged', count: 0 },
    { reason: 'moved_away', count: 1 },
    { reason: 'died', count: 0 },
    { reason: 'declined_further_help', count: 0 },
    { reason: 'handed_to_another_organisation', count: 0 },
    { reason: 'duplicate', count: 0 },
  ],
  byStage: [
    { stage: 'contact', count: 1 },
    { stage: 'conversation_1', count: 2 },
    { stage: 'conversation_2', count: 0 },
    { stage: 'conversation_3', count: 0 },
  ],
  byResolvedWhatMattered: [
    { answer: 'yes', count: 1 },
    { answer: 'partly', count: 1 },
    { answer: 'no', count: 0 },
    { answer: 'not_asked', count: 1 },
  ],
} as const;

const rows = (wrapper: ReturnType<typeof mount>, id: string) =>
  wrapper.findAll(`[data-testid="${id}"] tbody tr`).map((r) => r.findAll('th, td').map((c) => c.text()));

describe('how stories ended, on the practice data page', () => {
  it('counts closed stories by reason, stage reached and the person’s answer, as captioned tables', () => {
    const wrapper = mount(ClosedStories, { props: { closed: structuredClone(closed) as never } });
    expect(wrapper.find('h2').text()).toBe('How stories ended');
    expect(wrapper.text()).toContain('3 stories closed in the period.');
    expect(rows(wrapper, 'closed-by-reason')).toHaveLength(9);
    expect(rows(wrapper, 'closed-by-reason')[0]).toEqual(['Resolved in conversation 1', '2']);
    expect(rows(wrapper, 'closed-by-reason')[4]).toEqual(['Moved away', '1']);
    expect(rows(wrapper, 'closed-by-stage')).toEqual([
      ['The contact only', '1'],
      ['Conversation 1', '2'],
      ['Conversation 2', '0'],
      ['Conversation 3', '0'],
    ]);
    expect(rows(wrapper, 'closed-by-answer')).toEqual([
      ['Yes', '1'],
      ['Partly', '1'],
      ['No', '0'],
      ['Not asked', '1'],
    ]);
    expect(wrapper.findAll('caption').map((c) => c.text())).toEqual([
      'Why they closed',
      'How far they had come',
      'Did this resolve what mattered to you?',
    ]);
  });
});
