-- Custom SQL migration file, put your code below! ---- A starting resource allocation table so that indicative budgets work from the first day.
-- Administrators replace it from the console (each change is a new version; this stays as version 1).
INSERT INTO ras_versions (version, rows, pence_per_point, maximum_weekly_pence, note)
VALUES (
  1,
  '[
    {"kind":"adult","need":"nutrition","points":12},
    {"kind":"adult","need":"personal-hygiene","points":10},
    {"kind":"adult","need":"toilet-needs","points":12},
    {"kind":"adult","need":"appropriately-clothed","points":6},
    {"kind":"adult","need":"using-home-safely","points":10},
    {"kind":"adult","need":"habitable-home","points":6},
    {"kind":"adult","need":"relationships","points":6},
    {"kind":"adult","need":"work-training-education-volunteering","points":6},
    {"kind":"adult","need":"community-facilities","points":6},
    {"kind":"adult","need":"caring-for-child","points":8},
    {"kind":"carer","need":"health-deteriorating","points":8},
    {"kind":"carer","need":"caring-for-child","points":6},
    {"kind":"carer","need":"caring-for-others","points":6},
    {"kind":"carer","need":"habitable-home","points":4},
    {"kind":"carer","need":"nutrition","points":4},
    {"kind":"carer","need":"relationships","points":4},
    {"kind":"carer","need":"work-training-education-volunteering","points":4},
    {"kind":"carer","need":"community-facilities","points":4},
    {"kind":"carer","need":"recreation","points":4}
  ]'::jsonb,
  500,
  NULL,
  'Starting table: £5.00 a point. Replace with the council''s agreed figures.'
)
ON CONFLICT DO NOTHING;
