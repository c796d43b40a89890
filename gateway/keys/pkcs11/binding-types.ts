/**
 * The part of pkcs11js's API the key store uses, declared here (as drivers/encoder/pcsc/types.ts
 * does for pcsclite) so the project builds on a machine where the optional binding did not install.
 */
export type Handle = Buffer;

export interface Attribute {
  type: number;
  value?: number | boolean | string | Buffer;
}

export interface Mechanism {
  mechanism: number;
  parameter?: Buffer | number | { type: number; [k: string]: unknown };
}

export interface Pkcs11Lib {
  load(path: string): void;
  close(): void;
  C_Initialize(options?: { flags?: number }): void;
  C_Finalize(): void;
  C_GetSlotList(tokenPresent?: boolean): Handle[];
  C_GetTokenInfo(slot: Handle): { label: string; serialNumber: string };
  C_OpenSession(slot: Handle, flags: number): Handle;
  C_CloseSession(session: Handle): void;
  C_GetSessionInfo(session: Handle): unknown;
  C_Login(session: Handle, userType: number, pin?: string): void;
  C_FindObjectsInit(session: Handle, template: Attribute[]): void;
  C_FindObjects(session: Handle, maxObjectCount: number): Handle[];
  C_FindObjectsFinal(session: Handle): void;
  C_GetAttributeValue(
    session: Handle,
    object: Handle,
    template: Attribute[],
  ): { type: number; value: Buffer }[];
  C_GenerateKeyPair(
    session: Handle,
    mechanism: Mechanism,
    publicTemplate: Attribute[],
    privateTemplate: Attribute[],
  ): { publicKey: Handle; privateKey: Handle };
  C_GenerateKey(session: Handle, mechanism: Mechanism, template: Attribute[]): Handle;
  C_DestroyObject(session: Handle, object: Handle): void;
  C_SignInit(session: Handle, mechanism: Mechanism, key: Handle): void;
  C_Sign(session: Handle, data: Buffer, out: Buffer): Buffer;
  C_EncryptInit(session: Handle, mechanism: Mechanism, key: Handle): void;
  C_Encrypt(session: Handle, data: Buffer, out: Buffer): Buffer;
  C_DecryptInit(session: Handle, mechanism: Mechanism, key: Handle): void;
  C_Decrypt(session: Handle, data: Buffer, out: Buffer): Buffer;
}

type Constant =
  | 'CKF_OS_LOCKING_OK'
  | 'CKF_SERIAL_SESSION'
  | 'CKF_RW_SESSION'
  | 'CKU_USER'
  | 'CKO_PRIVATE_KEY'
  | 'CKO_PUBLIC_KEY'
  | 'CKO_SECRET_KEY'
  | 'CKK_AES'
  | 'CKA_CLASS'
  | 'CKA_KEY_TYPE'
  | 'CKA_LABEL'
  | 'CKA_ID'
  | 'CKA_TOKEN'
  | 'CKA_PRIVATE'
  | 'CKA_SENSITIVE'
  | 'CKA_EXTRACTABLE'
  | 'CKA_SIGN'
  | 'CKA_VERIFY'
  | 'CKA_ENCRYPT'
  | 'CKA_DECRYPT'
  | 'CKA_VALUE_LEN'
  | 'CKA_EC_PARAMS'
  | 'CKA_EC_POINT'
  | 'CKM_EC_KEY_PAIR_GEN'
  | 'CKM_ECDSA'
  | 'CKM_AES_KEY_GEN'
  | 'CKM_AES_GCM'
  | 'CK_PARAMS_AES_GCM'
  | 'CKR_SESSION_HANDLE_INVALID'
  | 'CKR_SESSION_CLOSED'
  | 'CKR_TOKEN_NOT_PRESENT'
  | 'CKR_DEVICE_REMOVED'
  | 'CKR_DEVICE_ERROR'
  | 'CKR_OBJECT_HANDLE_INVALID'
  | 'CKR_KEY_HANDLE_INVALID'
  | 'CKR_USER_NOT_LOGGED_IN'
  | 'CKR_USER_ALREADY_LOGGED_IN'
  | 'CKR_CRYPTOKI_NOT_INITIALIZED'
  | 'CKR_PIN_INCORRECT'
  | 'CKR_PIN_LEN_RANGE'
  | 'CKR_PIN_LOCKED';

export type Pkcs11Binding = { PKCS11: new () => Pkcs11Lib } & Record<Constant, number>;
