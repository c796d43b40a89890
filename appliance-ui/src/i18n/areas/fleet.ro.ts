/** Page strings and error texts (`error.<CODE>`) of the fleet area, spread into the ro catalogue. */
export const fleetRo = {
  'error.FLEET_STATION_UNKNOWN': 'Sediul central nu are telemetrie de la această stație.',
  'error.FLEET_MESSAGE_REFUSED':
    'Un mesaj de telemetrie a fost refuzat: subiect greșit, prea mare, nu este JSON sau nu respectă contractul. A fost numărat și nu a fost stocat.',
  'error.FLEET_INGEST_RETRY':
    'Baza de date a sediului central nu a preluat un mesaj de telemetrie; se reîncearcă.',
} as const;
