#ifndef KFC_CLIBFUZZER_H
#define KFC_CLIBFUZZER_H
#include <stddef.h>
#include <stdint.h>

/* libFuzzer's driver for a program with its own main (LLVM 12 and later). Defined only when
 * linking with -sanitize=fuzzer; kfc-fuzz calls it only when built with -D KFC_LIBFUZZER. */
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
