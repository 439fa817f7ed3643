"""The office's side: consolidating the workbooks and evidence files units return.

- `discover(paths)`: the files to consolidate, folders searched recursively;
- `consolidate(files, ...) -> Consolidation`: every file scored through the engine's public
  face in a process pool, results streamed back, the rule set and year chosen, duplicates
  and files of another rule set or year set aside, units ranked;
- `tables(consolidation)`: the consolidated report as tables (data), which
  `workbook.write_workbook`, `export.write_csv_zip` and `export.write_json` render.

Nothing here prints; the CLI (`scoring/cli/consolidate_cmd.py`) shows progress and messages.
"""
