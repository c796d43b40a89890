/**
 * Time of one APDU with a contact chip at T=1 and 115 kbit/s including the EEPROM write of an
 * UPDATE BINARY of ~230 bytes (the longest part): about 40 ms. A card of the iso7816-fs profile
 * takes ~120 APDUs (write and read back), some 5 s. The encoder emulator's `latencyMs` is this
 * times the configured time scale.
 */
export const ENCODER_APDU_MS = 40;
