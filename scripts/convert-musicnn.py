#!/usr/bin/env python3
"""Converts the pretrained musicnn taggers (PyPI package `musicnn`, ISC licence) into the files the
TypeScript encoder loads (src/main/engine/encoders/musicnn.ts): per model a `manifest.json` naming each
tensor's shape and offset, and one little-endian float32 `weights.bin`.

Development-time only (the product never runs Python). Needs a venv with TensorFlow to read the TF1
checkpoints, e.g.:
    python3 -m venv /work/venvs/musicnn && /work/venvs/musicnn/bin/pip install tensorflow-cpu==2.15.1
    /work/venvs/musicnn/bin/python scripts/convert-musicnn.py
The sdist is fetched with pip at the pinned version and checked against the pinned sha256, so a rerun
writes byte-identical files (no timestamps, fixed tensor order, sorted JSON keys).
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys
import tarfile
import tempfile

PACKAGE = 'musicnn'
VERSION = '0.1.0'
SDIST = f'{PACKAGE}-{VERSION}.tar.gz'
SDIST_SHA256 = '674ccc1fb638e6894f99197cfc2794b90d96444292ea28cedee96de0f74c4abd'

# Checkpoint (directory in the sdist) → output directory under resources/encoders.
MODELS = {'MTT_musicnn': 'musicnn-mtt', 'MSD_musicnn': 'musicnn-msd'}

# TF1 `tf.compat.v1.layers` name their variables by creation order in musicnn/models.py
# (build_musicnn → frontend, midend, backend); this maps each scope to its role in the network.
ROLES = [
    ('input_bn', 'batch_normalization'),
    ('timbral74_conv', 'conv2d'), ('timbral74_bn', 'batch_normalization_1'),
    ('timbral77_conv', 'conv2d_1'), ('timbral77_bn', 'batch_normalization_2'),
    ('temporal128_conv', 'conv2d_2'), ('temporal128_bn', 'batch_normalization_3'),
    ('temporal64_conv', 'conv2d_3'), ('temporal64_bn', 'batch_normalization_4'),
    ('temporal32_conv', 'conv2d_4'), ('temporal32_bn', 'batch_normalization_5'),
    ('midend1_conv', 'conv2d_5'), ('midend1_bn', 'batch_normalization_6'),
    ('midend2_conv', 'conv2d_6'), ('midend2_bn', 'batch_normalization_7'),
    ('midend3_conv', 'conv2d_7'), ('midend3_bn', 'batch_normalization_8'),
    ('pool_bn', 'batch_normalization_9'),
    ('penultimate_dense', 'dense'), ('penultimate_bn', 'batch_normalization_10'),
    ('output_dense', 'dense_1'),
]
BN_PARAMS = ['gamma', 'beta', 'moving_mean', 'moving_variance']
DENSE_PARAMS = ['kernel', 'bias']


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            h.update(chunk)
    return h.hexdigest()


def fetch_sdist(workdir):
    subprocess.run([sys.executable, '-m', 'pip', 'download', '--no-deps', '--no-binary', ':all:',
                    '--dest', workdir, f'{PACKAGE}=={VERSION}'], check=True, stdout=subprocess.DEVNULL)
    path = os.path.join(workdir, SDIST)
    digest = sha256_file(path)
    if digest != SDIST_SHA256:
        sys.exit(f'{path}: sha256 {digest} differs from the pinned {SDIST_SHA256}; refusing to convert')
    with tarfile.open(path) as tar:
        tar.extractall(workdir, filter='data')
    return os.path.join(workdir, f'{PACKAGE}-{VERSION}', PACKAGE)


def labels(package_dir, model):
    """Tag names in taggram order, read from the package's own configuration.py."""
    scope = {}
    with open(os.path.join(package_dir, 'configuration.py')) as f:
        exec(f.read(), scope)  # plain constants only (SR, FFT sizes, label lists)
    return scope['MTT_LABELS'] if model.startswith('MTT') else scope['MSD_LABELS']


def convert(package_dir, model, out_dir):
    import numpy as np
    import tensorflow as tf

    reader = tf.compat.v1.train.NewCheckpointReader(os.path.join(package_dir, model) + '/')
    shapes = reader.get_variable_to_shape_map()
    tensors, blobs, offset = [], [], 0
    for role, scope in ROLES:
        params = BN_PARAMS if scope.startswith('batch_normalization') else DENSE_PARAMS
        for param in params:
            name = f'{scope}/{param}'
            value = np.ascontiguousarray(reader.get_tensor(name), dtype='<f4')
            assert list(value.shape) == list(shapes[name]), name
            data = value.tobytes()
            tensors.append({'role': f'{role}/{param}', 'tfName': name, 'shape': list(value.shape),
                            'offset': offset, 'length': int(value.size)})
            blobs.append(data)
            offset += len(data)
    weights = b''.join(blobs)
    tags = labels(package_dir, model)
    manifest = {
        'format': 'cuefinder-tensors-1',
        'model': model,
        'source': {'package': PACKAGE, 'version': VERSION, 'registry': 'PyPI', 'sdist': SDIST,
                   'sdistSha256': SDIST_SHA256, 'checkpoint': f'{PACKAGE}/{model}/', 'licence': 'ISC'},
        'dtype': 'float32-le',
        'weights': 'weights.bin',
        'weightsSha256': hashlib.sha256(weights).hexdigest(),
        'batchNormEpsilon': 0.001,
        'tags': tags,
        'tensors': tensors,
    }
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, 'weights.bin'), 'wb') as f:
        f.write(weights)
    with open(os.path.join(out_dir, 'manifest.json'), 'w') as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
        f.write('\n')
    print(f'{model}: {len(tensors)} tensors, {len(weights)} bytes, {len(tags)} tags -> {out_dir}')


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser.add_argument('--out', default=os.path.join(root, 'resources', 'encoders'))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        package_dir = fetch_sdist(workdir)
        for model, name in MODELS.items():
            convert(package_dir, model, os.path.join(args.out, name))


if __name__ == '__main__':
    main()
