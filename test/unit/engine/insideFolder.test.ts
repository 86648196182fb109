import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isInsideFolder } from '../../../src/main/engine/insideFolder';
import { scanFolder, VIDEO_EXTENSIONS } from '../../../src/main/engine/library/fileScanner';
import { makeTempDir } from '../../helpers/fixtures';

const tmp = makeTempDir('cuefinder-inside-');
afterAll(() => tmp.cleanup());

const project = join(tmp.dir, 'project');
const outside = join(tmp.dir, 'project-b');
mkdirSync(join(project, 'takes'), { recursive: true });
mkdirSync(outside);
writeFileSync(join(project, 'takes', 'a.mp4'), 'a');
writeFileSync(join(outside, 'b.mp4'), 'b');
symlinkSync(join(project, 'takes', 'a.mp4'), join(project, 'inside-link.mp4'));
symlinkSync(join(outside, 'b.mp4'), join(project, 'outside-link.mp4'));
symlinkSync(outside, join(project, 'outside-folder'));
symlinkSync(join(project, 'gone.mp4'), join(project, 'broken-link.mp4'));
symlinkSync(project, join(tmp.dir, 'project-link'));
symlinkSync('..', join(project, 'takes', 'loop'));

describe('the one rule for "inside an opened folder"', () => {
  it('follows links on both sides: inside targets count, outside targets and missing files do not', () => {
    expect(isInsideFolder(project, join(project, 'takes', 'a.mp4'))).toBe(true);
    expect(isInsideFolder(project, join(project, 'inside-link.mp4'))).toBe(true);
    expect(isInsideFolder(join(tmp.dir, 'project-link'), join(tmp.dir, 'project-link', 'inside-link.mp4')), 'a folder opened through a link').toBe(true);
    expect(isInsideFolder(project, join(project, 'outside-link.mp4'))).toBe(false);
    expect(isInsideFolder(project, join(project, 'outside-folder', 'b.mp4'))).toBe(false);
    expect(isInsideFolder(project, join(project, 'broken-link.mp4'))).toBe(false);
    expect(isInsideFolder(project, join(outside, 'b.mp4')), 'a sibling whose name starts the same').toBe(false);
    expect(isInsideFolder(project, project), 'the folder itself is not a file inside it').toBe(false);
    expect(isInsideFolder(project, join(project, '..', 'project-b', 'b.mp4'))).toBe(false);
  });

  it('is what the scanner follows: links leading outside become problems with the reason', async () => {
    const scan = await scanFolder(project, VIDEO_EXTENSIONS);
    expect(scan.files.map((f) => f.path.slice(project.length + 1))).toEqual(['inside-link.mp4', 'takes/a.mp4']);
    const problems = new Map(scan.problems.map((p) => [p.path.slice(project.length + 1), p.reason]));
    expect(problems.get('outside-link.mp4')).toMatch(/^a link to .*b\.mp4, outside the folder/);
    expect(problems.get('outside-folder')).toMatch(/outside the folder/);
    expect(problems.get('broken-link.mp4')).toMatch(/not found/);
    expect(problems.has('takes/loop'), 'a link back to the folder is inside it (and followed once)').toBe(false);
  });
});
