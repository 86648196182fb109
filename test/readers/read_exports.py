"""Reads Cuefinder's exports with the readers editors' tools use and compares them with the timeline.

Input (argv[1]): a JSON manifest {"files": [{"path", "format", "rate": {"num", "den"}, "startFrame",
"expect": {"videoTracks", "audioTracks", "video": [clip], "music": [clip]}}]} where a clip is
{"recordIn", "recordOut", "sourceIn", "sourceOut", "tail", "path", "markers": [record frame]}; all
frames at the timeline rate, record counted from the timeline start, source including the media's
timecode origin, "tail" the frames a music clip plays on past sourceOut under a cross-fade.
Output (stdout): JSON {"versions": {...}, "results": [{"path", "format", "reader", "problems": [...],
"notes": [...], "counts": {...}}]}. A problem is a mismatch with the timeline, a load error or a
warning; a note is a documented reader limitation that the check works around (docs/export-formats.md).

Readers: OpenTimelineIO's otio_json for .otio, otio-cmx3600-adapter for .edl, otio-fcpx-xml-adapter
for .fcpxml, otio-fcp-adapter (FCP 7 xmeml) for .xml.
"""

import contextlib
import io
import json
import logging
import sys
import urllib.parse
import warnings
import xml.etree.ElementTree as ET
from fractions import Fraction
from importlib import metadata

import opentimelineio as otio

READERS = {"otio": "otio_json", "edl": "cmx_3600", "fcpxml": "fcpx_xml", "fcp7": "fcp_xml"}
PACKAGES = ["OpenTimelineIO", "otio-cmx3600-adapter", "otio-fcpx-xml-adapter", "otio-fcp-adapter"]


def url_to_path(url):
    """A file:// URL (or a plain path, as the EDL reader gives) as a local path."""
    if url.startswith("file://"):
        parsed = urllib.parse.urlparse(url)
        path = urllib.parse.unquote(parsed.path)
        return f"//{parsed.netloc}{path}" if parsed.netloc else path
    return url


class Reading:
    def __init__(self, entry):
        self.entry = entry
        self.rate = Fraction(entry["rate"]["num"], entry["rate"]["den"])
        self.problems = []
        self.notes = []
        self.counts = {}

    def frames(self, rt, what):
        """A reader's RationalTime as whole frames at the timeline rate; a fraction is a problem."""
        exact = Fraction(rt.value).limit_denominator(10**6) * self.rate / Fraction(rt.rate).limit_denominator(10**6)
        frames = round(exact)
        if abs(exact - frames) > Fraction(1, 1000):
            self.problems.append(f"{what}: {rt.value}@{rt.rate} is not on the {float(self.rate):.3f} fps frame grid")
        return frames

    def expect_equal(self, what, got, want):
        if got != want:
            self.problems.append(f"{what}: read {got}, expected {want}")


def read(entry):
    """Loads the file with its reader, turning warnings, log records and printed output into problems."""
    reading = Reading(entry)
    kwargs = {}
    if entry["format"] == "edl":
        kwargs["rate"] = float(reading.rate)
    caught_logs = []

    class Collect(logging.Handler):
        def emit(self, record):
            caught_logs.append(f"{record.levelname}: {record.getMessage()}")

    handler = Collect(level=logging.WARNING)
    logging.getLogger().addHandler(handler)
    printed = io.StringIO()
    try:
        with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
            warnings.simplefilter("always")
            result = otio.adapters.read_from_file(entry["path"], adapter_name=READERS[entry["format"]], **kwargs)
    except Exception as err:  # the reader refused the file: that is the finding
        reading.problems.append(f"load failed: {type(err).__name__}: {err}")
        return reading, None
    finally:
        logging.getLogger().removeHandler(handler)
    reading.problems += [f"warning: {w.message}" for w in caught] + [f"log {m}" for m in caught_logs]
    if printed.getvalue().strip():
        reading.problems.append(f"reader printed: {printed.getvalue().strip()[:300]}")
    if isinstance(result, otio.schema.SerializableCollection):
        timelines = list(result.find_children(descended_from_type=otio.schema.Timeline))
        if len(timelines) != 1:
            reading.problems.append(f"expected one timeline in the file, read {len(timelines)}")
            return reading, None
        result = timelines[0]
    return reading, result


def clips_of(track):
    """
    (clip, record in as RationalTime) for every clip of a track, in order. The CMX reader starts each
    track at its first event and keeps that event's record time as minus the track's source start.
    """
    origin = -track.source_range.start_time if track.source_range is not None else otio.opentime.RationalTime(0, 1)
    return [(item, item.range_in_parent().start_time + origin) for item in track if isinstance(item, otio.schema.Clip)]


class FcpxQuantiser:
    """
    otio-fcpx-xml-adapter 1.0.0 converts FCPXML times with int(seconds × fps) and, for clip starts,
    durations and markers, with fps = int(frame rate) (29 for 29.97, 23 for 23.976); offsets use the
    exact rate. So at NTSC rates, and wherever float error lands just under a whole frame, it reads a
    different frame number from the one written. The expected values are passed through the same
    conversion (the adapter's own to_rational_time) so that the comparison stays exact.
    """

    def __init__(self, rate):
        from otio_fcpx_xml_adapter import fcpx_xml

        self.rate = rate
        self.to_rational_time = fcpx_xml.to_rational_time
        self.int_fps = int(float(rate.numerator) / float(rate.denominator))

    def text(self, frames):
        """Frames as Cuefinder's writer spells them (fcpxmlTime): frames × den over the rate's numerator."""
        num, den = self.rate.numerator, self.rate.denominator
        numerator = frames * den
        if numerator == 0:
            return "0s"
        return f"{numerator // num}s" if numerator % num == 0 else f"{numerator}/{num}s"

    def length(self, frames):
        """A start, duration or marker time as the adapter reads it, in its own frames."""
        return int(self.to_rational_time(self.text(frames), self.int_fps).value)

    def offset(self, frames):
        """A clip offset as the adapter reads it (exact rate, truncated)."""
        parts = self.text(frames).rstrip("s").split("/")
        seconds = float(parts[0]) / float(parts[1]) if len(parts) > 1 else int(parts[0])
        return int(seconds * (float(self.rate.numerator) / float(self.rate.denominator)))

    def placement(self, clips, origin):
        """Record ins of clips on one lane as the adapter lays them: gap up to the offset, then the clip's read duration."""
        cursor, starts = 0, []
        for clip in clips:
            offset = self.offset(origin + clip["recordIn"])
            cursor = max(cursor, offset)
            starts.append(cursor)
            cursor += self.length(clip["recordOut"] - clip["recordIn"] + clip.get("tail", 0))
        return starts


def check_clips(reading, kind, got, want, record_in_of, source_of, markers_of):
    reading.expect_equal(f"{kind} clip count", len(got), len(want))
    for i, ((clip, record), exp) in enumerate(zip(got, want)):
        label = f"{kind} clip {i + 1} ({clip.name})"
        record_in = record_in_of(i, record, exp)
        reading.expect_equal(f"{label} record in", record_in, exp["recordIn"])
        source_in, duration = source_of(clip, exp)
        length = exp["recordOut"] - exp["recordIn"]
        reading.expect_equal(f"{label} source in", source_in, exp["sourceIn"])
        reading.expect_equal(f"{label} length", duration, length + exp.get("tail", 0))
        if "markers" in exp:
            got_markers = markers_of(clip, record_in, exp)
            reading.expect_equal(f"{label} markers (record frames)", got_markers, exp["markers"])


def media_path_of(clip):
    ref = clip.media_reference
    return url_to_path(ref.target_url) if isinstance(ref, otio.schema.ExternalReference) and ref.target_url else None


def check_media(reading, kind, got, want):
    for i, ((clip, _), exp) in enumerate(zip(got, want)):
        path = media_path_of(clip)
        if path != exp["path"]:
            reading.problems.append(f"{kind} clip {i + 1} ({clip.name}): media reference {path!r}, expected {exp['path']!r}")


def fcpxml_media(reading, entry):
    """
    otio-fcpx-xml-adapter 1.0.0 links media only from the pre-1.9 `<asset src=…>`; FCPXML 1.9+ (which
    Final Cut Pro 10.6+ and Resolve read) moved it to `<media-rep src=…>`, so the adapter gives
    MissingReference. The references are checked in the file itself instead: each asset-clip's asset
    and its media-rep, in document order (picture in the spine, music connected to it).
    """
    root = ET.parse(entry["path"]).getroot()
    assets = {a.get("id"): a for a in root.iter("asset")}
    video, music = [], []
    for spine_clip in root.find(".//spine"):
        for clip in [spine_clip, *spine_clip.findall("asset-clip")]:
            rep = assets[clip.get("ref")].find("media-rep")
            path = url_to_path(rep.get("src")) if rep is not None else None
            (music if clip.get("lane") else video).append((clip.get("offset"), path))
    reading.notes.append("media: adapter reads only pre-1.9 asset src; media-rep URLs checked in the XML")
    return [p for _, p in video], [p for _, p in music]


def check(entry):
    reading, timeline = read(entry)
    if timeline is None:
        return reading
    fmt = entry["format"]
    exp = entry["expect"]
    video_tracks = [t for t in timeline.tracks if t.kind == otio.schema.TrackKind.Video]
    audio_tracks = [t for t in timeline.tracks if t.kind == otio.schema.TrackKind.Audio]
    reading.counts = {"videoTracks": len(video_tracks), "audioTracks": len(audio_tracks)}
    reading.expect_equal("video track count", len(video_tracks), exp["videoTracks"])
    reading.expect_equal("audio track count", len(audio_tracks), exp["audioTracks"])
    if not video_tracks:
        return reading
    video = clips_of(video_tracks[0])
    music = sorted((c for t in audio_tracks for c in clips_of(t)), key=lambda c: c[1].to_seconds())
    reading.counts.update({"videoClips": len(video), "musicClips": len(music)})

    if fmt == "fcpxml":
        q = FcpxQuantiser(reading.rate)
        if q.int_fps != reading.rate:
            reading.notes.append(f"times: adapter reads NTSC FCPXML at {q.int_fps} fps with truncation; expected values quantised the same way")
        for kind, got, want in (("picture", video, exp["video"]), ("music", music, exp["music"])):
            lanes = {}
            for w in want:
                lanes.setdefault(w.get("lane", 0), []).append(w)
            placed = {id(w): s for ws in lanes.values() for w, s in zip(ws, q.placement(ws, entry["startFrame"]))}
            reading.expect_equal(f"{kind} clip count", len(got), len(want))
            for i, ((clip, record), w) in enumerate(zip(got, want)):
                label = f"{kind} clip {i + 1} ({clip.name})"
                reading.expect_equal(f"{label} record in (adapter frames)", int(record.value), placed[id(w)])
                reading.expect_equal(f"{label} source in (adapter frames)", int(clip.source_range.start_time.value), q.length(w["sourceIn"]))
                reading.expect_equal(
                    f"{label} length (adapter frames)", int(clip.source_range.duration.value), q.length(w["recordOut"] - w["recordIn"] + w.get("tail", 0))
                )
                if "markers" in w:
                    got_m = [int(m.marked_range.start_time.value) for m in clip.markers]
                    want_m = [q.length(w["sourceIn"] + f - w["recordIn"]) for f in w["markers"]]
                    reading.expect_equal(f"{label} markers (adapter frames, source time)", got_m, want_m)
        video_paths, music_paths = fcpxml_media(reading, entry)
        reading.expect_equal("picture media", video_paths, [w["path"] for w in exp["video"]])
        reading.expect_equal("music media", music_paths, [w["path"] for w in exp["music"]])
        return reading

    # Record positions: EDL record times are timecodes (the timeline start included); OTIO and FCP 7 count from 0.
    origin = entry["startFrame"] if fmt == "edl" else 0

    def record_in_of(_i, record, _exp):
        return reading.frames(record, "record in") - origin

    def source_of(clip, _exp):
        sr = clip.source_range if clip.source_range is not None else clip.available_range()
        return reading.frames(sr.start_time, "source in"), reading.frames(sr.duration, "duration")

    def markers_of(clip, record_in, exp):
        # OTIO places a clip's markers in its source time; map them to record time.
        source_in = reading.frames(clip.source_range.start_time, "source in")
        return [reading.frames(m.marked_range.start_time, "marker") - source_in + record_in for m in clip.markers]

    if fmt == "edl" and entry.get("dropFrame") and any(c.get("markers") for c in exp["music"]):
        # otio-cmx3600-adapter 1.0.0 matches LOC timecodes with ':' only and silently skips a
        # drop-frame '01:00:00;00' (its own writer emits those). Our DF locators are checked in the text.
        reading.notes.append("markers: adapter skips drop-frame LOC timecodes; LOC lines checked in the EDL text")
        with open(entry["path"], encoding="utf-8") as f:
            locs = [line.split()[2] for line in f if line.startswith("* LOC:")]
        fps = float(reading.rate)
        got_locs = [round(otio.opentime.from_timecode(tc, fps).value) for tc in locs]
        want_locs = [c["sourceIn"] + m - c["recordIn"] for c in exp["music"] for m in c["markers"]]
        reading.expect_equal("LOC lines (source frames)", got_locs, want_locs)
        for c in exp["music"]:
            c["markers"] = []

    check_clips(reading, "picture", video, exp["video"], record_in_of, source_of, markers_of)
    check_clips(reading, "music", music, exp["music"], record_in_of, source_of, markers_of)
    check_media(reading, "picture", video, exp["video"])
    check_media(reading, "music", music, exp["music"])
    return reading


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        manifest = json.load(f)
    results = []
    for entry in manifest["files"]:
        r = check(entry)
        results.append(
            {"path": entry["path"], "format": entry["format"], "reader": READERS[entry["format"]], "problems": r.problems, "notes": r.notes, "counts": r.counts}
        )
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    json.dump({"versions": versions, "results": results}, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
