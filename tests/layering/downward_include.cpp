// Compiled by tests/layering with mapping's include path: its own headers and earlier folders' are found.
#include "mapping/map_space.h"
#include "mapping/mapping_features.h"
#include "arch/architecture.h"
#include "workload/problem.h"
#include "util/input_error.h"
