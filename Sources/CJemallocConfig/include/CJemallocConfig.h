#ifndef KFC_CJEMALLOCCONFIG_H
#define KFC_CJEMALLOCCONFIG_H

/* Defines jemalloc's `malloc_conf` for the kfc executable (config.c); the function lets Swift
 * name this module, so that it is linked. */
int kfc_jemalloc_config_linked(void);

#endif
