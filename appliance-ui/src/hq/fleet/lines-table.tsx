import { t, tCode } from '../../i18n/index.js';
import type { FleetStation } from './fleet-api.js';

type Line = NonNullable<FleetStation['printLines']>[number];

/** A station's print lines as it last reported them: state, why not working, the card's step. */
export function LinesTable({ lines }: { lines: Line[] }) {
  return (
    <table data-testid="fleet-lines">
      <thead>
        <tr>
          <th scope="col">{t('fleet.lines.line')}</th>
          <th scope="col">{t('fleet.lines.state')}</th>
          <th scope="col">{t('fleet.lines.code')}</th>
          <th scope="col">{t('fleet.lines.stage')}</th>
          <th scope="col">{t('fleet.lines.feeder')}</th>
          <th scope="col">{t('fleet.lines.ribbon')}</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((l) => (
          <tr key={l.line} data-line={l.line} data-state={l.state}>
            <th scope="row">{l.line}</th>
            <td>{t(`lines.state.${l.state}`)}</td>
            <td>{l.code ? tCode('fault', l.code, l.code) : '—'}</td>
            <td>{l.stage ? t(`lines.stage.${l.stage}`) : '—'}</td>
            <td>{l.inFeeder}</td>
            <td>{l.ribbonRemaining ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
