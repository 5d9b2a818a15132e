/**
 * Uploads a file the way Slack asks apps to since files.upload was retired:
 * files.getUploadURLExternal → POST the bytes to the returned URL → files.completeUploadExternal
 * (shared into `channelId` when given, otherwise kept private to the app, e.g. for an image block
 * that references it with `slack_file`).
 */
import type { WebClient } from '@slack/web-api';

export interface Upload {
  bytes: Buffer;
  filename: string;
  title: string;
  channelId?: string;
  initialComment?: string;
}

export async function uploadFile(client: WebClient, upload: Upload): Promise<string> {
  const target = (await client.files.getUploadURLExternal({
    filename: upload.filename,
    length: upload.bytes.length,
  })) as { upload_url?: string; file_id?: string };
  if (!target.upload_url || !target.file_id) throw new Error('Slack did not return an upload URL');
  const res = await fetch(target.upload_url, {
    method: 'POST',
    body: new Uint8Array(upload.bytes),
    headers: { 'content-type': 'application/octet-stream' },
  });
  if (!res.ok) throw new Error(`uploading ${upload.filename} failed with HTTP ${res.status}`);
  await client.files.completeUploadExternal({
    files: [{ id: target.file_id, title: upload.title }],
    ...(upload.channelId ? { channel_id: upload.channelId } : {}),
    ...(upload.initialComment ? { initial_comment: upload.initialComment } : {}),
  });
  return target.file_id;
}
