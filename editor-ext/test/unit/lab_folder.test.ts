// The walkthrough opens by itself only the first time the extension activates in a folder that
// holds the lab's app: a Dockerfile built on node beside package.json and src/static/js/app.js.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FolderReader, buildsOnNode, isLabFolder, isNodeImage, shouldOpenWalkthrough, walkthroughRef } from '../../src/lab_folder';

const LAB_DOCKERFILE = 'FROM node:lts-alpine\nWORKDIR /app\nCOPY . .\nRUN yarn install --production\nCMD ["node", "src/index.js"]\nEXPOSE 3000\n';

/** folder reads from a map of slash paths to texts. */
const folder = (files: Record<string, string>): FolderReader => async (p) => files[p];

const lab = folder({ Dockerfile: LAB_DOCKERFILE, 'package.json': '{}', 'src/static/js/app.js': '' });

describe('the lab folder', () => {
  it('knows node images', () => {
    for (const ref of ['node', 'node:lts-alpine', 'NODE:22', 'node@sha256:abc', 'docker.io/library/node:20', 'library/node']) {
      assert.ok(isNodeImage(ref), ref);
    }
    for (const ref of ['nodered/node-red', 'nginx', 'mynode:1', 'ghcr.io/x/node:1']) {
      assert.ok(!isNodeImage(ref), ref);
    }
  });

  it('finds a stage FROM node, with flags and in later stages', () => {
    assert.ok(buildsOnNode(LAB_DOCKERFILE));
    assert.ok(buildsOnNode('# syntax=docker/dockerfile:1\nfrom --platform=$BUILDPLATFORM node:22 AS build\n'));
    assert.ok(buildsOnNode('FROM golang:1.22 AS tools\r\nFROM node:22-slim\r\n'));
    assert.ok(!buildsOnNode('FROM python:3.12\nRUN echo FROM node\n'));
  });

  it('needs the Dockerfile, package.json and src/static/js/app.js', async () => {
    assert.ok(await isLabFolder(lab));
    assert.ok(!(await isLabFolder(folder({ Dockerfile: LAB_DOCKERFILE, 'package.json': '{}' }))));
    assert.ok(!(await isLabFolder(folder({ Dockerfile: LAB_DOCKERFILE, 'src/static/js/app.js': '' }))));
    assert.ok(!(await isLabFolder(folder({ Dockerfile: 'FROM python:3.12\n', 'package.json': '{}', 'src/static/js/app.js': '' }))));
    assert.ok(!(await isLabFolder(folder({ 'package.json': '{}', 'src/static/js/app.js': '' }))));
  });
});

describe('the first-activation rule', () => {
  it('opens in a lab folder the first time only', async () => {
    assert.equal(await shouldOpenWalkthrough(false, [lab]), true);
    assert.equal(await shouldOpenWalkthrough(true, [lab]), false);
  });

  it('opens when any folder of the workspace holds the lab, and not elsewhere', async () => {
    const other = folder({ Dockerfile: 'FROM nginx\n' });
    assert.equal(await shouldOpenWalkthrough(false, [other, lab]), true);
    assert.equal(await shouldOpenWalkthrough(false, [other]), false);
    assert.equal(await shouldOpenWalkthrough(false, []), false);
  });

  it('does not read the folders once it has been shown', async () => {
    let reads = 0;
    const counting: FolderReader = async (p) => {
      reads++;
      return lab(p);
    };
    await shouldOpenWalkthrough(true, [counting]);
    assert.equal(reads, 0);
  });

  it('names the walkthrough as workbench.action.openWalkthrough wants it', () => {
    assert.equal(walkthroughRef('dockerlab.dockerlab'), 'dockerlab.dockerlab#lab');
  });
});
