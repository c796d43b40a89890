#!/bin/sh
# Flash the stock StandardFirmata onto the station board with arduino-cli.
# Usage: ./flash.sh PORT   (FQBN=arduino:avr:nano ./flash.sh /dev/ttyUSB0 for a Nano)
set -eu
PORT="${1:?usage: flash.sh SERIAL_PORT}"
FQBN="${FQBN:-arduino:avr:uno}"
arduino-cli core install arduino:avr
arduino-cli lib install "Firmata@2.5.9"
# arduino-cli installs libraries under the sketchbook (default ~/Arduino; override ARDUINO_USER_DIR).
SKETCH="${ARDUINO_USER_DIR:-$HOME/Arduino}/libraries/Firmata/examples/StandardFirmata"
arduino-cli compile --fqbn "$FQBN" "$SKETCH"
arduino-cli upload --fqbn "$FQBN" --port "$PORT" "$SKETCH"
echo "StandardFirmata flashed to $PORT ($FQBN)"
