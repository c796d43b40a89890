/** Page strings and error texts (`error.<CODE>`) of the fleet area, spread into the en catalogue. */
export const fleetEn = {
  'error.FLEET_STATION_UNKNOWN': 'Headquarters has no telemetry from this station.',
  'error.FLEET_MESSAGE_REFUSED':
    'A telemetry message was refused: wrong topic, too large, not JSON or off the contract. It was counted and not stored.',
  'error.FLEET_INGEST_RETRY':
    'The headquarters database did not take a telemetry message; it is being retried.',
} as const;
