#include <stddef.h>

/* The one jemalloc function kfc calls (Allocator.swift), as <jemalloc/jemalloc.h> declares it
 * for Debian's build, whose functions have no prefix: that header also declares malloc and
 * free, which Swift would then see twice (here and in Glibc). */
int mallctl(const char *name, void *oldp, size_t *oldlenp, void *newp, size_t newlen);
