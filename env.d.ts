interface ImportMetaEnv {
  /** Build-time override of the playground origin (tests and the offline demo). */
  readonly WXT_PLAYGROUND_ORIGIN?: string;
}
