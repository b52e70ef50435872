/* A C target needs a source file; CLibFuzzer.h only declares libFuzzer's driver. */
