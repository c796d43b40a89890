export { startFleetMonitor, type FleetMonitor, type FleetMonitorOptions } from './fleet-monitor.js';
export { FleetState, type StationView, type FleetEvent } from './fleet-state.js';
