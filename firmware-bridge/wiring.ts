/**
 * Where each part of the station board is connected (Arduino Uno numbering) and how its raw
 * reading becomes a physical value. One table shared by the gateway, the emulator and
 * docs/board.md, so the three cannot disagree.
 */
export interface BoardWiring {
  /** Tower light segments, driven through a ULN2003 / relay board (HIGH = lit). */
  green: number;
  amber: number;
  red: number;
  /** Active 5 V buzzer through a transistor (HIGH = sounding). */
  buzzer: number;
  /** Door reed switch to GND, internal pull-up: closed door = LOW, open door (or cut wire) = HIGH. */
  door: number;
  /** Hopper lever microswitch to GND, held closed by the card stack: low stack (or cut wire) = HIGH. */
  hopperLow: number;
  /** TMP36 output on analog channel (A0 = 0). */
  temperatureChannel: number;
  /** HIH-4030 (or any 0.8–3.9 V ratiometric humidity sensor) on analog channel (A1 = 1). */
  humidityChannel: number;
}

export const defaultWiring: BoardWiring = {
  green: 5,
  amber: 6,
  red: 7,
  buzzer: 8,
  door: 2,
  hopperLow: 3,
  temperatureChannel: 0,
  humidityChannel: 1,
};

/** Uno: digital pins 0–13, analog inputs A0–A5 are pins 14–19. */
export const UNO_DIGITAL_PINS = 14;
export const UNO_ANALOG_PINS = 6;
export const analogPin = (channel: number): number => UNO_DIGITAL_PINS + channel;

const ADC_MAX = 1023;
const VREF_MV = 5000;

/** TMP36: 500 mV at 0 °C, 10 mV per °C. */
export function temperatureFromRaw(raw: number): number {
  const mv = (raw * VREF_MV) / ADC_MAX;
  return (mv - 500) / 10;
}

export function rawFromTemperature(celsius: number): number {
  return clampRaw(Math.round(((celsius * 10 + 500) / VREF_MV) * ADC_MAX));
}

/**
 * HIH-4030 at 5 V: Vout = Vs × (0.0062 × RH + 0.16), then the data sheet's temperature
 * compensation RH / (1.0546 − 0.00216 × T).
 */
export function humidityFromRaw(raw: number, temperatureC: number | null): number {
  const sensorRh = (raw / ADC_MAX - 0.16) / 0.0062;
  const t = temperatureC ?? 25;
  const rh = sensorRh / (1.0546 - 0.00216 * t);
  return Math.max(0, Math.min(100, rh));
}

export function rawFromHumidity(percent: number, temperatureC: number): number {
  const sensorRh = percent * (1.0546 - 0.00216 * temperatureC);
  return clampRaw(Math.round((sensorRh * 0.0062 + 0.16) * ADC_MAX));
}

const clampRaw = (v: number): number => Math.max(0, Math.min(ADC_MAX, v));
