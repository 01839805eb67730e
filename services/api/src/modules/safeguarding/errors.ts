import { AppProblem } from '../../errors.js';

export { ruleBreach } from '../../errors.js';

export const alreadyDecided = () =>
  new AppProblem(
    409,
    'already_decided',
    'Already decided',
    'The section 42 decision on this concern is already recorded.',
  );

export const enquiryClosed = () =>
  new AppProblem(
    409,
    'enquiry_closed',
    'Enquiry closed',
    'This enquiry has concluded or ended; it can no longer change.',
  );

export const notInvolved = (askName: string) =>
  new AppProblem(
    403,
    'not_involved_in_enquiry',
    'Not involved in this enquiry',
    `Only the safeguarding lead and colleagues involved in the enquiry can do this. Ask ${askName}.`,
  );

export const enquiryOpen = () =>
  new AppProblem(
    409,
    'enquiry_not_concluded',
    'Enquiry not concluded',
    'This section 42 enquiry is still open: its outcome is known once it concludes (a webhook says when).',
  );
