// Compiled by tests/layering with a folder's include path: found from model/ and later folders only.
#include "model/layer_cost.h"
