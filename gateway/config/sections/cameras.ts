import Type from 'typebox';

export const CameraEntry = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9-]+$' }),
    kind: Type.Union([Type.Literal('http'), Type.Literal('v4l2'), Type.Literal('emulator')], {
      default: 'http',
      description: "http (snapshot/MJPEG) or v4l2 ('emulator' is the deprecated spelling of emulated: true)",
    }),
    emulated: Type.Optional(
      Type.Boolean({
        description:
          'Serve this camera from the in-process camera emulator (an HTTP camera) when it has no url',
      }),
    ),
    url: Type.Optional(Type.String({ description: 'Snapshot URL (http) or device path (v4l2)' })),
    mjpegUrl: Type.Optional(Type.String()),
    username: Type.Optional(Type.String()),
    password: Type.Optional(Type.String({ 'x-secret': true })),
    timeoutMs: Type.Integer({ minimum: 100, default: 3000 }),
  },
  { additionalProperties: false },
);

export const CamerasSection = Type.Array(CameraEntry, { default: [] });
