-- Each station's print lines as its last health sample named them (issue 19: ids, states,
-- codes, feeder and ribbon; no free text, no personal data). Null: the station names no lines.
ALTER TABLE fleet_stations ADD COLUMN print_lines jsonb;
