ALTER TABLE "safeguarding_concerns" ADD COLUMN "team_id" uuid;--> statement-breakpoint
ALTER TABLE "safeguarding_concerns" ADD CONSTRAINT "safeguarding_concerns_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- A concern's team: its contact's, else its conversation's story's.
CREATE OR REPLACE FUNCTION safeguarding_concern_team() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' AND NEW.team_id IS NOT NULL THEN
    RETURN NEW;
  END IF;
  NEW.team_id := coalesce(
    (SELECT c.team_id FROM contacts c WHERE c.id = NEW.contact_id),
    (SELECT st.team_id FROM conversations v JOIN stories st ON st.id = v.story_id WHERE v.id = NEW.conversation_id));
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER safeguarding_concern_team_insert BEFORE INSERT ON safeguarding_concerns
  FOR EACH ROW EXECUTE FUNCTION safeguarding_concern_team();
--> statement-breakpoint
CREATE TRIGGER safeguarding_concern_team_update BEFORE UPDATE OF contact_id, conversation_id ON safeguarding_concerns
  FOR EACH ROW EXECUTE FUNCTION safeguarding_concern_team();
--> statement-breakpoint
UPDATE safeguarding_concerns sc SET team_id = coalesce(
  (SELECT c.team_id FROM contacts c WHERE c.id = sc.contact_id),
  (SELECT st.team_id FROM conversations v JOIN stories st ON st.id = v.story_id WHERE v.id = sc.conversation_id))
 WHERE sc.team_id IS NULL;
