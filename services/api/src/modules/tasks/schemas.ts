import { taskSources, taskStatuses } from '@threefold/domain';
import { Type, type Static, type TSchema } from 'typebox';
import { NextCursor, PageQuery } from '../../platform/pagination.js';
import { StringEnum, Strict, ref } from '../../schemas/common.js';

const Id = Type.String({ format: 'uuid', maxLength: 36 });
const Instant = Type.String({ format: 'date-time', maxLength: 40 });
const Day = Type.String({ format: 'date', maxLength: 10 });
const Title = Type.String({ minLength: 1, maxLength: 200, description: 'What needs doing, in a line.' });
const Details = Type.String({ maxLength: 5000, description: 'Anything that helps whoever does it.' });
const Named = Strict({ id: Id, name: Type.String({ maxLength: 200 }) });
const Count = Type.Integer({ minimum: 0, maximum: 2147483647, format: 'int32' });
const Days = Type.Integer({ minimum: -100000, maximum: 100000, format: 'int32' });

export const NewTask = Strict(
  {
    title: Title,
    details: Type.Optional(Details),
    dueOn: Day,
    assigneeId: Type.Optional(Type.Union([Id, Type.Null()], { description: 'The colleague it is for.' })),
    teamId: Type.Optional(Type.Union([Id, Type.Null()], { description: 'The team it is for.' })),
    personId: Type.Optional(Type.Union([Id, Type.Null()])),
    storyId: Type.Optional(Type.Union([Id, Type.Null()])),
  },
  {
    $id: 'NewTask',
    description: 'For a colleague, a team or both; with neither, it is for the writer.',
  },
);
export type NewTaskBody = Static<typeof NewTask>;

export const TaskChanges = Strict(
  {
    title: Type.Optional(Title),
    details: Type.Optional(Details),
    dueOn: Type.Optional(Day),
    assigneeId: Type.Optional(Type.Union([Id, Type.Null()])),
    teamId: Type.Optional(Type.Union([Id, Type.Null()])),
    status: Type.Optional(
      StringEnum(taskStatuses, {
        description: '`done` or `cancelled` closes it (who and when are recorded); `open` reopens a closed task.',
      }),
    ),
  },
  { $id: 'TaskChanges' },
);
export type TaskChangesBody = Static<typeof TaskChanges>;

export const Task = Strict(
  {
    id: Id,
    title: Title,
    details: Details,
    dueOn: Day,
    overdue: Type.Boolean({ description: 'Open and its due day has passed.' }),
    assignee: Type.Union([Named, Type.Null()]),
    team: Type.Union([Named, Type.Null()]),
    person: Type.Union([Named, Type.Null()]),
    storyId: Type.Union([Id, Type.Null()]),
    status: StringEnum(taskStatuses),
    source: StringEnum(taskSources, {
      description: '`manual` when a colleague wrote it; otherwise the clock that made it (once).',
    }),
    createdBy: Type.Union([Named, Type.Null()], { description: 'Null when a clock made it.' }),
    createdAt: Instant,
    updatedAt: Instant,
    closedAt: Type.Union([Instant, Type.Null()]),
    closedBy: Type.Union([Named, Type.Null()]),
    version: Type.Integer({
      minimum: 1,
      maximum: 2147483647,
      format: 'int32',
      description: 'Changes with every save (the ETag).',
    }),
  },
  { $id: 'Task' },
);
export type TaskView = Static<typeof Task>;

export const TaskPage = Strict(
  { items: Type.Array(ref(Task), { maxItems: 200 }), nextCursor: NextCursor },
  { $id: 'TaskPage' },
);

export const TaskQuery = Strict({
  scope: Type.Optional(
    StringEnum(['mine', 'team'] as const, {
      description: '`mine`: for me; `team`: for my teams. Without it: mine, my teams’ and ones I wrote.',
    }),
  ),
  teamId: Type.Optional(Id),
  personId: Type.Optional(Id),
  status: Type.Optional(StringEnum(taskStatuses)),
  dueBefore: Type.Optional(Type.String({ format: 'date', maxLength: 10, description: 'Due before this day.' })),
  ...PageQuery,
});

// ——— Home: my work ———

const PersonLink = Strict({ id: Id, name: Type.String({ maxLength: 200 }) });

export const WorkStory = Strict(
  {
    storyId: Id,
    person: PersonLink,
    stage: StringEnum(['contact', 'conversation_1', 'conversation_2', 'conversation_3'] as const, {
      description: 'The latest conversation, or `contact` before the first.',
    }),
    conversationStatus: Type.Union([StringEnum(['open', 'concluded'] as const), Type.Null()]),
    openedAt: Instant,
    lastActivityAt: Instant,
    daysWaiting: Type.Integer({
      minimum: 0,
      maximum: 100000,
      format: 'int32',
      description:
        'Whole days (24 hours) since the story’s wait began, as the board and caseload count it: for a story its holder holds, since anything last happened on it.',
    }),
  },
  { $id: 'WorkStory' },
);

export const WorkTouchpointDue = Strict(
  {
    conversationId: Id,
    storyId: Id,
    person: PersonLink,
    lastTouchpointAt: Type.Union([Instant, Type.Null()]),
    dueOn: Day,
    daysLeft: Type.Integer({ ...Days, description: 'Negative once overdue.' }),
  },
  { $id: 'WorkTouchpointDue' },
);

export const WorkReviewDue = Strict(
  {
    reviewId: Id,
    budgetId: Id,
    person: PersonLink,
    kind: Type.String({ maxLength: 40 }),
    dueFrom: Day,
    dueBy: Day,
    overdue: Type.Boolean(),
  },
  { $id: 'WorkReviewDue' },
);

export const WorkSafeguardingClock = Strict(
  {
    kind: StringEnum(['decision', 'enquiry'] as const, {
      description: '`decision`: a concern awaiting the s42 decision; `enquiry`: an open enquiry.',
    }),
    id: Id,
    personId: Type.Union([Id, Type.Null()]),
    role: StringEnum(['decide', 'lead', 'involved'] as const),
    dueOn: Day,
    workingDaysLeft: Days,
    overdue: Type.Boolean(),
  },
  { $id: 'WorkSafeguardingClock' },
);

export const WorkRecentPerson = Strict(
  { id: Id, name: Type.String({ maxLength: 200 }), viewedAt: Instant },
  { $id: 'WorkRecentPerson' },
);

const section = <T extends TSchema>(item: T, description: string) =>
  Strict(
    {
      items: Type.Array(ref(item), { maxItems: 50 }),
      total: { ...Count, description: 'How many there are in all (the list shows the first few).' },
    },
    { description },
  );

export const MyWork = Strict(
  {
    today: Day,
    stories: section(WorkStory, 'Open stories I hold, longest waiting first.'),
    touchpoints: section(WorkTouchpointDue, 'Conversation 2 touchpoints on my stories, soonest due first.'),
    tasks: section(Task, 'Open tasks for me and my teams, overdue first, then by due day.'),
    reviews: section(
      WorkReviewDue,
      'Reviews of my people (my stories, my teams) due in the next two weeks or overdue.',
    ),
    safeguarding: section(WorkSafeguardingClock, 'Safeguarding clocks I am involved in, soonest due first.'),
    recentPeople: section(WorkRecentPerson, 'People I opened recently, newest first.'),
  },
  { $id: 'MyWork' },
);
export type MyWorkBody = Static<typeof MyWork>;

export const taskSchemas: TSchema[] = [
  NewTask,
  TaskChanges,
  Task,
  TaskPage,
  WorkStory,
  WorkTouchpointDue,
  WorkReviewDue,
  WorkSafeguardingClock,
  WorkRecentPerson,
  MyWork,
];
