/** A team's name and description as typed. */
export interface TeamForm {
  name: string;
  description: string;
}

export type TeamField = keyof TeamForm;

export const teamFieldIds: Record<TeamField, string> = { name: 'team-name', description: 'team-description' };

export function checkTeam(form: TeamForm): Partial<Record<TeamField, string>> {
  const errors: Partial<Record<TeamField, string>> = {};
  const name = form.name.trim();
  if (!name) errors.name = 'Enter the team’s name';
  else if (name.length > 200) errors.name = 'The name must be 200 characters or fewer';
  if (form.description.trim().length > 2000) errors.description = 'The description must be 2,000 characters or fewer';
  return errors;
}
