#!/usr/bin/env python3
"""Writes bench/data/real-scene-labels.json from the labels below (see real-scene-labels.md).

The labels are data made by eye; this file is their readable source. It reads the corpus manifests
(/work/corpus/dev from /work/shared/corpus/build-dev-corpus.sh, /work/corpus/extra from
bench/corpus/fetch-extra-videos.sh) for each file's sha256, package version and licence.
Usage: python3 bench/data/make-real-scene-labels.py (from the repository root).
"""
import json
dev = json.load(open('/work/corpus/dev/manifest.json'))['files']
extra = json.load(open('/work/corpus/extra/manifest.json'))['files']
T = 'the teammate who made /work/shared/corpus/labels-cuts.json (times converted to frames, checked and corrected on contact sheets)'
N = 'h11 (contact sheets + per-frame difference plots)'
def v(path, corpus, split, kind, fps, frames, cuts=(), gradual=(), ambiguous=(), notes='', by=N):
    man = (dev if corpus == 'dev' else extra)[path]
    return {'path': path, 'corpus': corpus, 'package': man['package'], 'version': man['version'], 'licence': man['licence'],
            'sha256': man['sha256'], 'split': split, 'kind': kind, 'fps': fps, 'frames': frames,
            'cuts': list(cuts), 'gradual': [dict(start=a, end=b, type=t) for a, b, t in gradual],
            'ambiguous': [dict(start=a, end=b, note=t) for a, b, t in ambiguous], 'notes': notes, 'labelledBy': by}
D, H = 'development', 'held-out'
videos = [
 v('videos/freecol/freecol-opening.video.ogg', 'dev', D, 'film (archival colour film, game opening)', '25', 1928,
   cuts=[605, 836, 1188, 1531, 1602, 1662, 1710],
   gradual=[(205, 245, 'dissolve'), (335, 365, 'dissolve'), (482, 505, 'dissolve'), (515, 535, 'dissolve'),
            (548, 575, 'fade to black (black held until the cut at 605)'), (655, 673, 'dissolve'), (872, 898, 'dissolve'),
            (930, 950, 'dissolve'), (1045, 1075, 'dissolve'), (1132, 1148, 'dissolve'), (1205, 1235, 'dip to black'),
            (1295, 1310, 'fade out to black (black held 1.3 s)'), (1340, 1358, 'fade in from black'), (1452, 1488, 'dip to black')],
   ambiguous=[(1573, 1573, 'a blended frame, then the hull closer as the first gun fires: a cut or the same shot filling with smoke'),
              (1680, 1680, 'whip-panned cannon, then the same cannon against a bright sky: a cut or the gun flash lighting the shot'),
              (1704, 1704, 'the cannon lights up as it fires; framing unchanged: light change or cut')],
   notes='A black hold longer than 1 s separates a fade-out and a fade-in (each a boundary): 605 comes out of 1.2 s of black by a 3-frame fade-in (a cut in the label); 1310-1340 is black. 836 changes colour more than brightness. '
         '1588 (one white frame) and 1598-1599 are muzzle flashes in the ship shot, 1662-1679 a whip pan: not cuts. 1710 is a one-frame blend. '
         'The teammate\'s 67.2 s and 68.16 s cuts are the two ambiguous entries; their 68.44 s cut is at 1710 (68.40 s).', by=T),
 v('videos/boswars-data/boswars_intro.ogg', 'dev', D, 'logo animation', '24', 204,
   ambiguous=[(178, 204, 'fade to black that ends the file: no scene follows')],
   notes='Single shot: the logo zooms in out of black (a zoom, not a fade) and glows.', by=T),
 v('videos/texlive-latex-extra/example-movie.mp4', 'dev', D, 'screen recording (static title, counter)', '30', 1829, notes='Single shot; a counter ticks every second.', by=T),
 v('videos/node-opencv/motion.mov', 'dev', D, 'handheld camera', '30', 242, notes='Single hand-held shot: a pen pushes a coin.', by=T),
 v('videos/psychtoolbox-3-common/DualDiscs.mov', 'dev', D, 'synthetic stimulus', '24', 62,
   ambiguous=[(61, 61, 'the last frame is blank white: a one-frame "scene" at the end of the file')], by=T),
 v('videos/tupi-data/example.avi', 'dev', D, 'cartoon animation', '18', 180, notes='A butterfly over a fixed background; the loop restarts at about frame 90 (not a cut).', by=T),
 v('videos/gnome-devel-docs/message-board.ogv', 'dev', D, 'screen recording (faulty, flicker)', '10', 182,
   notes='The window content flips between black and white about 110 times: recording glitches, not shots.', by=T),
 v('videos/berusky2-data/AnakreoN.mpg', 'extra', D, 'logo animation (camera flight, light flicker)', '25', 384, cuts=[169],
   ambiguous=[(28, 38, 'fade in from black at the start of the file: nothing precedes it'), (300, 350, 'fade to white that ends the file')],
   notes='Camera flight through a tunnel (continuous), zoom through the logo, abrupt change to a white scene at 169; flying letters and brightness flicker (189-204) in the white scene are not cuts.', by=T),
 v('videos/lightsoff/lightsoff.ogv', 'dev', D, 'game screen recording with animated slide transitions', '15', 218,
   gradual=[(27, 47, 'slide: the next level\'s board pushes in from the right'), (83, 103, 'slide from the top'), (135, 155, 'slide from the right')],
   ambiguous=[(193, 217, 'slide from the top that the end of the file cuts off (the new board shows for 3 frames)')],
   notes='Lights switch on and off between slides (presses): not cuts.'),
 v('videos/five-or-more/glines-demo.ogv', 'dev', D, 'game screen recording', '50', 1037, notes='One board; balls appear, move and vanish.'),
 v('videos/libgtkmm-4.0-doc/gtk-logo.webm', 'dev', D, '3D logo animation', '30', 140,
   ambiguous=[(130, 139, 'the cube slides out of the frame to black at the end of the file')],
   notes='Panels fold into a cube, wobble and bounce on black: one animated shot.'),
 v('videos/gem-doc/anim-1.mov', 'dev', D, 'rendered 3D animation (moving camera)', '30', 91, notes='One continuous camera move.'),
 v('videos/gem-doc/homer.avi', 'dev', D, 'cartoon (Indeo 3)', '25', 86, notes='One shot of a running character.'),
 v('videos/gnome-devel-docs/progressbar.ogv', 'dev', D, 'screen recording (widget)', '15', 60, notes='A progress bar pulses.'),
 v('videos/k3b-data/k3bphotovcd.mpg', 'dev', D, 'static menu (MPEG-1)', '25', 250, notes='A still "VCD 2.0 player required" screen.'),
 v('videos/opencv-doc/Megamind.avi', 'extra', H, 'animated film trailer', '2997/125', 270, cuts=[98, 154, 200],
   notes='Frame 0 is black (the file opens on it: no boundary). Dialogue close-ups in low candle light; a slow push-in after 230.'),
 v('videos/opencv-doc/box.mp4', 'extra', H, 'handheld camera', '30000/1001', 455, notes='A hand moves a box on a table; hand-held.'),
 v('videos/opencv-doc/cup.mp4', 'extra', H, 'handheld camera', '26777/1000', 217, notes='A hand tilts a cup in front of a wall.'),
 v('videos/opencv-doc/tree.avi', 'extra', H, 'handheld camera outdoors (Cinepak)', '1000000/66667', 68, notes='A tree against bright sky; a hand enters at 54.'),
 v('videos/opencv-doc/vtest.avi', 'extra', H, 'static camera, pedestrians', '10', 795, notes='Pedestrians crossing a square.'),
 v('videos/gnome-user-docs/display-dual-monitors.webm', 'dev', H, 'desktop screencast', '15', 557, cuts=[15, 49, 60, 535],
   ambiguous=[(29, 29, 'the application grid appears inside the overview'), (33, 33, 'the grid changes to search results'), (493, 493, 'a dialog opens over the settings window')],
   notes='Instant screen changes: desktop to overview (15), back to the desktop (49), settings window (60), closed (535).', by=T),
 v('videos/golang-github-gabriel-vasile-mimetype-dev/mp4.mp4', 'dev', H, 'static camera, slight light flicker', '30', 166,
   notes='A LEGO robot; the same clip is in the corpus in six other containers.', by=T),
]
out = {
 'about': 'Shot-boundary labels of real videos for `npm run bench -- scenes` (docs/video-features.md, "Real footage"). '
          'Frames count decoded frames from 0 as the analyser decodes them (ffmpeg, -vsync passthrough). '
          'cuts: the first frame of the new shot. gradual: first and last frame of a fade, dissolve, dip or animated slide. '
          'ambiguous: events that may or may not be boundaries; a detection there is neither right nor wrong. '
          'A video with no cuts and no gradual entries is one shot. Files are found under a corpus root by path and checked by sha256: '
          'corpus "dev" is /work/shared/corpus/build-dev-corpus.sh (LARGE=1 not needed), "extra" is bench/corpus/fetch-extra-videos.sh (LARGE=1 for berusky2-data). '
          'split: "development" videos were looked at while tuning the detector, "held-out" ones (whole packages) only to report.',
 'tolerance': {'cutFrames': 2, 'gradualSlackFrames': 2},
 'videos': videos,
}
json.dump(out, open('bench/data/real-scene-labels.json', 'w'), indent=1)
print(len(videos), sum(len(x['cuts']) for x in videos), sum(len(x['gradual']) for x in videos))
