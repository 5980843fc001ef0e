/** A one-line progress indicator on a terminal (lines and lines/s); silent when output is piped. */
export interface Progress {
  update: (lines: number) => void;
  done: () => void;
}

export function lineProgress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update: () => undefined, done: () => undefined };
  const started = Date.now();
  let last = 0;
  const format = (n: number) => n.toLocaleString('en');
  return {
    update: (lines) => {
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      const rate = lines / Math.max(0.001, (now - started) / 1000);
      stream.write(`\r${label}: ${format(lines)} lines, ${format(Math.round(rate))} lines/s`);
    },
    done: () => {
      stream.write('\r\x1b[K');
    },
  };
}
