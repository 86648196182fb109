import { type FrameRate, timecodeToFrames } from '../../../shared/time';

/** A malformed EDL, with the 1-based line that broke it. */
export class EdlParseError extends Error {
  constructor(
    readonly lineNumber: number,
    reason: string,
  ) {
    super(`EDL line ${lineNumber}: ${reason}`);
    this.name = 'EdlParseError';
  }
}

export interface EdlTimecodes {
  sourceIn: string;
  sourceOut: string;
  recordIn: string;
  recordOut: string;
}

export interface ParsedEdlLine {
  lineNumber: number;
  eventNumber: number;
  reel: string;
  /** Channel code verbatim: V, A, A2, AA, AA/V, B … */
  channel: string;
  /** C (cut), D (dissolve), Wnnn (wipe), K/KB/KO (keys). */
  transition: string;
  /** Transition length in frames for D/W/K lines; 0 for cuts. */
  transitionFrames: number;
  /** Timecodes as written. */
  timecodes: EdlTimecodes;
  /** The same positions as frame counts, when parseEdl was given a rate. */
  frames?: Record<keyof EdlTimecodes, number>;
  /** Whether these timecodes are drop-frame (';' separator, or an FCM: DROP FRAME in force). */
  dropFrame: boolean;
}

/** Lines sharing one event number: one for a cut, two for a dissolve/wipe (outgoing, then incoming). */
export interface ParsedEdlEvent {
  eventNumber: number;
  lines: ParsedEdlLine[];
  /** Every non-event line after the event, verbatim (trimmed): '* FROM CLIP NAME: …', 'M2 …', 'AUD 3 4' … */
  comments: string[];
  fromClipName?: string;
  toClipName?: string;
  /** '* SOURCE FILE:', '* FROM FILE:' or '* FROM CLIP:' (the media path). */
  sourceFile?: string;
}

export interface ParsedEdl {
  title?: string;
  /** The first FCM line: true for DROP FRAME, false for NON-DROP FRAME, undefined if absent. */
  dropFrame?: boolean;
  events: ParsedEdlEvent[];
}

export interface ParseEdlOptions {
  /** Converts every timecode to frames at this rate (and checks it is a valid label there). */
  rate?: FrameRate;
}

const TIMECODE_FIELD = /^\d{2}[:;]\d{2}[:;]\d{2}[:;.,]\d{2}$/;

const COMMENT_FIELDS: ReadonlyArray<[RegExp, 'fromClipName' | 'toClipName' | 'sourceFile']> = [
  [/^\*\s*FROM CLIP NAME:\s*(.*)$/i, 'fromClipName'],
  [/^\*\s*TO CLIP NAME:\s*(.*)$/i, 'toClipName'],
  [/^\*\s*(?:SOURCE FILE|FROM FILE|FROM CLIP):\s*(.*)$/i, 'sourceFile'],
];

function parseEventLine(text: string, lineNumber: number, fcmDrop: boolean, options: ParseEdlOptions): ParsedEdlLine {
  const fields = text.split(/\s+/);
  let transitionFrames = 0;
  let rest: string[];
  if (fields.length === 9) {
    transitionFrames = Number(fields[4]);
    if (!Number.isInteger(transitionFrames) || transitionFrames < 0) {
      throw new EdlParseError(lineNumber, `transition length "${fields[4]}" is not a frame count`);
    }
    rest = fields.slice(5);
  } else if (fields.length === 8) {
    rest = fields.slice(4);
  } else {
    throw new EdlParseError(lineNumber, `expected 8 or 9 fields in an event line, got ${fields.length}: "${text}"`);
  }
  const [number, reel, channel, transition] = fields;
  if (fields.length === 8 && transition !== 'C') {
    throw new EdlParseError(lineNumber, `transition "${transition}" needs a length field: "${text}"`);
  }
  const bad = rest.find((field) => !TIMECODE_FIELD.test(field));
  if (bad) throw new EdlParseError(lineNumber, `"${bad}" is not a timecode (HH:MM:SS:FF)`);
  const [sourceIn, sourceOut, recordIn, recordOut] = rest;
  const timecodes = { sourceIn, sourceOut, recordIn, recordOut };
  const dropFrame = fcmDrop || rest.some((tc) => /[;,]\d{2}$/.test(tc));
  const line: ParsedEdlLine = {
    lineNumber,
    eventNumber: Number(number),
    reel,
    channel,
    transition,
    transitionFrames,
    timecodes,
    dropFrame,
  };
  if (options.rate) line.frames = timecodesToFrames(timecodes, options.rate, dropFrame, lineNumber);
  return line;
}

function timecodesToFrames(timecodes: EdlTimecodes, rate: FrameRate, dropFrame: boolean, lineNumber: number): Record<keyof EdlTimecodes, number> {
  try {
    const frames = (tc: string): number => timecodeToFrames(tc, rate, { dropFrame });
    return {
      sourceIn: frames(timecodes.sourceIn),
      sourceOut: frames(timecodes.sourceOut),
      recordIn: frames(timecodes.recordIn),
      recordOut: frames(timecodes.recordOut),
    };
  } catch (err) {
    throw new EdlParseError(lineNumber, (err as Error).message);
  }
}

function addComment(event: ParsedEdlEvent, comment: string): void {
  event.comments.push(comment);
  for (const [pattern, field] of COMMENT_FIELDS) {
    const m = pattern.exec(comment);
    if (m) {
      event[field] = m[1].trim();
      return;
    }
  }
}

/**
 * Reads a CMX3600 EDL: TITLE and FCM header lines, numbered event lines (8 fields for a cut, 9
 * with a transition length), and the comment lines after each event. Accepts LF or CRLF and blank
 * lines anywhere. Throws EdlParseError naming the line on anything it cannot read.
 */
export function parseEdl(text: string, options: ParseEdlOptions = {}): ParsedEdl {
  const result: ParsedEdl = { events: [] };
  let fcmDrop = false;
  let current: ParsedEdlEvent | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const lineNumber = index + 1;
    const line = raw.trim();
    if (!line) return;
    const header = /^(TITLE|FCM):\s*(.*)$/i.exec(line);
    if (header) {
      if (header[1].toUpperCase() === 'TITLE') {
        result.title = header[2].trim();
        return;
      }
      const mode = header[2].trim().toUpperCase();
      if (mode !== 'DROP FRAME' && mode !== 'NON-DROP FRAME') throw new EdlParseError(lineNumber, `unknown FCM "${header[2]}"`);
      fcmDrop = mode === 'DROP FRAME';
      result.dropFrame ??= fcmDrop;
      return;
    }
    if (/^\d/.test(line)) {
      const parsed = parseEventLine(line, lineNumber, fcmDrop, options);
      if (current?.eventNumber !== parsed.eventNumber || current.comments.length > 0) {
        current = { eventNumber: parsed.eventNumber, lines: [], comments: [] };
        result.events.push(current);
      }
      current.lines.push(parsed);
      return;
    }
    if (current) addComment(current, line);
  });
  return result;
}
