#!/usr/bin/env python3
"""Compares what two Cuefinder index databases stored for the same files: every track column
(tempo, beats, downbeats, key, loudness envelope, feature vector) and every segment's bounds and
features. Used to check that a faster analyzer computes the same values: index one folder with
each build (`cuefinder index DIR --db A.db`), then `compare-index-dbs.py A.db B.db`.
Values are float32 as stored; a difference counts when it exceeds 1e-4 relative and 1e-6
absolute (the rule of test/unit/audio/featureValues.test.ts). Exit 1 when any value differs."""
import sqlite3
import struct
import sys

SKIP = {'id', 'indexed_at', 'root'}


def load(path):
    db = sqlite3.connect(path)
    cols = [r[1] for r in db.execute('pragma table_info(tracks)')]
    tracks = {row[cols.index('path')]: dict(zip(cols, row)) for row in db.execute('select * from tracks')}
    segments = {}
    for p, idx, start, end, blob in db.execute(
            'select t.path, s.idx, s.start_sec, s.end_sec, s.features from segments s join tracks t on t.id = s.track_id'):
        segments[(p, idx)] = (start, end, struct.unpack('<%df' % (len(blob) // 4), blob))
    return tracks, segments


def floats(value):
    return struct.unpack('<%df' % (len(value) // 4), value) if isinstance(value, bytes) else None


def differs(a, b):
    return abs(a - b) > max(1e-6, 1e-4 * max(abs(a), abs(b)))


def main(a_path, b_path):
    a_tracks, a_segments = load(a_path)
    b_tracks, b_segments = load(b_path)
    problems = []
    if set(a_tracks) != set(b_tracks):
        problems.append('different files: %s' % sorted(set(a_tracks) ^ set(b_tracks)))
    values = 0
    for path in sorted(set(a_tracks) & set(b_tracks)):
        for col, a in a_tracks[path].items():
            if col in SKIP:
                continue
            b = b_tracks[path][col]
            fa, fb = floats(a), floats(b)
            if fa is not None and fb is not None and len(fa) == len(fb):
                values += len(fa)
                bad = [i for i, (x, y) in enumerate(zip(fa, fb)) if differs(x, y)]
                if bad:
                    problems.append('%s %s[%d]: %r vs %r' % (path, col, bad[0], fa[bad[0]], fb[bad[0]]))
            elif isinstance(a, float) and isinstance(b, float):
                values += 1
                if differs(a, b):
                    problems.append('%s %s: %r vs %r' % (path, col, a, b))
            elif a != b:
                problems.append('%s %s: %r vs %r' % (path, col, a, b))
    for key in sorted(set(a_segments) | set(b_segments)):
        if key not in a_segments or key not in b_segments:
            problems.append('segment %s only in one database' % (key,))
            continue
        (s1, e1, f1), (s2, e2, f2) = a_segments[key], b_segments[key]
        values += len(f1) + 2
        if (s1, e1) != (s2, e2) or len(f1) != len(f2):
            problems.append('segment %s: bounds %r vs %r' % (key, (s1, e1), (s2, e2)))
            continue
        bad = [i for i, (x, y) in enumerate(zip(f1, f2)) if differs(x, y)]
        if bad:
            problems.append('segment %s feature %d: %r vs %r' % (key, bad[0], f1[bad[0]], f2[bad[0]]))
    print('%d tracks, %d segments, %d values compared: %d differ' % (len(a_tracks), len(a_segments), values, len(problems)))
    for p in problems[:20]:
        print('  ' + p)
    return 1 if problems else 0


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit('usage: compare-index-dbs.py A.db B.db')
    sys.exit(main(sys.argv[1], sys.argv[2]))
