/** What a decoded panel is reported as (decoder CLI, emulator job records): no dot data. */
export interface PanelSummary {
  panel: string;
  levels: number;
  width: number;
  height: number;
  inkDots: number;
}

export function panelSummary(p: PanelSummary): PanelSummary {
  return { panel: p.panel, levels: p.levels, width: p.width, height: p.height, inkDots: p.inkDots };
}
