// What every section states about where it ran: figures mean little without the machine and the day.
import { cpus } from 'node:os';

export function machineLine(): string {
  const list = cpus();
  const model = list[0]?.model.trim() || 'unknown CPU';
  const date = new Date().toISOString().slice(0, 10);
  return `_Node ${process.version}, ${model}, ${list.length} cores, ${process.platform}/${process.arch}, ${date}_`;
}
