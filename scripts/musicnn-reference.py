#!/usr/bin/env python3
"""Reference outputs of the musicnn package's own Python code, for checking the TypeScript port
(src/main/engine/encoders/musicnn.ts). Development-time only.

Runs the package's unmodified `musicnn.extractor.extractor` (TF1 graph through tf.compat.v1, as the
package itself does) and `musicnn.extractor.batch_data` (librosa log-mel). Environment: the venv of
scripts/convert-musicnn.py plus `librosa==0.9.2 soundfile` (librosa ≥ 0.9 pads the STFT with zeros where
the 2019 librosa 0.7 reflected, a difference in a signal's first and last frame only; librosa 0.8,
the last to reflect, no longer imports with NumPy ≥ 1.24, which TensorFlow 2.15 needs).
It runs under TensorFlow 2.15 as shipped (the package already uses tf.compat.v1 and disables eager
execution). One line of extractor.py is patched before import: for every batch after the first, the
package appends the first batch's `penultimate_` again instead of the current batch's `backend_`
(its line 224; `cnn1`–`cnn3` have the same bug and are not used here), so its penultimate features of
patch 2, 3, … repeat patch 1. `Saver.restore` is wrapped to assert it ran, because the extractor's
bare `except:` would otherwise silently run randomly initialised weights.

    synthetic  the deterministic test signal of test/helpers/musicnnSignal.ts → test/fixtures/musicnn/
               synthetic-reference.json (log-mel, taggrams, penultimate features), used by the unit test.
    corpus     15 s excerpts of six real files of /work/corpus/dev/music, decoded by ffmpeg to 16 kHz
               mono float (the package's own librosa.load then reads that WAV without resampling, so
               both sides see the same samples) → test/fixtures/musicnn/corpus-reference.json (numbers
               only: taggrams and penultimate features, plus each file's sha256) and, outside git,
               WORKDIR/<n>.mel.f32 (the package's log-mel, float32, frames × 96). Read by
               `npm run bench -- musicnn`. No audio is committed.
"""
import argparse
import hashlib
import importlib.util
import json
import math
import os
import subprocess
import sys
import tempfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODELS = ['MTT_musicnn', 'MSD_musicnn']
SR = 16000

# Real files for the corpus check: different Debian packages and styles.
CORPUS_FILES = [
    'flare-game/forest_theme.ogg',
    'hedgewars-data/Castle.ogg',
    'marsshooter-data/12_-_Misanthropia.ogg',
    'supertux-data/christmas_theme.ogg',
    'colobot-common-sounds/Infinite.ogg',
    'openclonk-data/IslandDreams.ogg',
]
EXCERPT_START_S = 20
EXCERPT_SECONDS = 15


def load_converter():
    spec = importlib.util.spec_from_file_location('convert_musicnn', os.path.join(ROOT, 'scripts', 'convert-musicnn.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


PENULTIMATE_BUG = "features['penultimate'] = np.concatenate((features['penultimate'], penultimate_), axis=0)"
PENULTIMATE_FIX = "features['penultimate'] = np.concatenate((features['penultimate'], backend_), axis=0)"


def import_package(workdir):
    package_dir = load_converter().fetch_sdist(workdir)
    path = os.path.join(package_dir, 'extractor.py')
    with open(path) as f:
        source = f.read()
    assert source.count(PENULTIMATE_BUG) == 1, 'extractor.py is not the expected 0.1.0 source'
    with open(path, 'w') as f:
        f.write(source.replace(PENULTIMATE_BUG, PENULTIMATE_FIX))
    sys.path.insert(0, os.path.dirname(package_dir))
    import tensorflow as tf
    from musicnn import extractor

    restore = tf.compat.v1.train.Saver.restore
    restored = []

    def checked_restore(self, sess, path):
        restore(self, sess, path)  # raises on failure; the extractor would swallow it
        restored.append(path)

    tf.compat.v1.train.Saver.restore = checked_restore
    return extractor, restored


def synth_signal(seconds=6.0):
    """Must stay identical to synthMusicnnSignal in test/helpers/musicnnSignal.ts (float64 math, then float32)."""
    chords = [[220.0, 277.18, 329.63], [196.0, 246.94, 293.66], [174.61, 220.0, 261.63], [164.81, 207.65, 246.94]]
    n = int(seconds * SR)
    out = np.zeros(n, dtype=np.float32)
    state = 12345
    for i in range(n):
        t = i / SR
        chord = chords[int(t / 1.5) % 4]
        v = 0.0
        for f in chord:
            for h in range(1, 5):
                v += 0.05 / h * math.sin(2 * math.pi * f * h * t)
        beat = t % 0.5
        v += 0.4 * math.exp(-beat * 20) * math.sin(2 * math.pi * 55 * beat)
        state = (state * 1664525 + 1013904223) % 4294967296
        noise = state / 4294967296 * 2 - 1
        v += 0.15 * math.exp(-(t % 0.25) * 60) * noise
        out[i] = v
    return out


def run_models(extractor, restored, wav_path):
    results = {}
    for model in MODELS:
        before = len(restored)
        taggram, _, features = extractor.extractor(wav_path, model=model, input_length=3, input_overlap=False,
                                                   extract_features=True)
        assert len(restored) == before + 1, f'{model}: checkpoint was not restored'
        results[model] = {'taggram': np.asarray(taggram, dtype=np.float32),
                          'penultimate': np.asarray(features['penultimate'], dtype=np.float32)}
    return results


def rounded(array, digits):
    return [float(f'{x:.{digits}g}') for x in np.asarray(array, dtype=np.float64).ravel()]


def model_json(results):
    return {model: {'patches': int(r['taggram'].shape[0]),
                    'taggram': rounded(r['taggram'], 8), 'penultimate': rounded(r['penultimate'], 8)}
            for model, r in results.items()}


def write_wav(path, audio):
    import soundfile
    soundfile.write(path, audio, SR, subtype='FLOAT')


def synthetic(extractor, restored, workdir):
    import librosa
    audio = synth_signal()
    wav = os.path.join(workdir, 'synthetic.wav')
    write_wav(wav, audio)
    _, mel = extractor.batch_data(wav, 187, 187)
    fixture = {
        'about': 'musicnn 0.1.0 reference outputs for synthMusicnnSignal() (test/helpers/musicnnSignal.ts); '
                 'written by scripts/musicnn-reference.py synthetic',
        'librosa': librosa.__version__,
        'samples': int(audio.size),
        'signalSha256': hashlib.sha256(audio.astype('<f4').tobytes()).hexdigest(),
        'melFrames': int(mel.shape[0]),
        # float16 values as the package feeds them to the network; 5 significant digits identify each.
        'logMel': rounded(mel.astype(np.float32), 5),
        'models': model_json(run_models(extractor, restored, wav)),
    }
    out = os.path.join(ROOT, 'test', 'fixtures', 'musicnn', 'synthetic-reference.json')
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, 'w') as f:
        json.dump(fixture, f, separators=(',', ':'))
        f.write('\n')
    print(f'wrote {out}')


def corpus(extractor, restored, corpus_dir, outdir, ffmpeg):
    os.makedirs(outdir, exist_ok=True)
    entries = []
    for n, rel in enumerate(CORPUS_FILES):
        src = os.path.join(corpus_dir, rel)
        raw = subprocess.run([ffmpeg, '-v', 'error', '-ss', str(EXCERPT_START_S), '-t', str(EXCERPT_SECONDS), '-i', src,
                              '-ac', '1', '-ar', str(SR), '-f', 'f32le', '-'], check=True, stdout=subprocess.PIPE).stdout
        audio = np.frombuffer(raw, dtype='<f4')
        wav = os.path.join(outdir, f'{n}.wav')
        write_wav(wav, audio)
        _, mel = extractor.batch_data(wav, 187, 187)
        mel.astype('<f4').tofile(os.path.join(outdir, f'{n}.mel.f32'))
        results = run_models(extractor, restored, wav)
        entries.append({'file': rel, 'fileSha256': load_converter().sha256_file(src), 'index': n,
                        'samples': int(audio.size), 'audioSha256': hashlib.sha256(raw).hexdigest(),
                        'melFrames': int(mel.shape[0]), 'models': model_json(results)})
        print(f'{rel}: {audio.size / SR:.1f} s, {results["MTT_musicnn"]["taggram"].shape[0]} patches')
    fixture = {
        'about': 'musicnn 0.1.0 reference outputs on excerpts of /work/corpus/dev/music; written by '
                 'scripts/musicnn-reference.py corpus; decoded with ffmpeg -ss START -t SECONDS -i FILE -ac 1 -ar 16000 -f f32le',
        'excerptStartS': EXCERPT_START_S, 'excerptSeconds': EXCERPT_SECONDS, 'files': entries,
    }
    out = os.path.join(ROOT, 'test', 'fixtures', 'musicnn', 'corpus-reference.json')
    with open(out, 'w') as f:
        json.dump(fixture, f, separators=(',', ':'))
        f.write('\n')
    print(f'wrote {out}')


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('mode', choices=['synthetic', 'corpus'])
    parser.add_argument('--corpus', default='/work/corpus/dev/music')
    parser.add_argument('--workdir', default=os.path.join(tempfile.gettempdir(), 'musicnn-reference'))
    parser.add_argument('--ffmpeg', default=os.path.join(ROOT, 'node_modules', '@ffmpeg-installer', 'linux-x64', 'ffmpeg'))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        extractor, restored = import_package(tmp)
        if args.mode == 'synthetic':
            synthetic(extractor, restored, tmp)
        else:
            corpus(extractor, restored, args.corpus, args.workdir, args.ffmpeg)


if __name__ == '__main__':
    main()
