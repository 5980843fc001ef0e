/** What the sensor writes about itself: pino in the command, a collecting log in tests. */
export interface SensorLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}
