#!/usr/bin/env bash
# KL(p||q) of flows trained with the default settings on 4,000 samples of the article's 8-bump
# mixture (2,900 minibatch steps), on 100,000 held-out samples, for seeds 1, 2, 3.
exec "$(dirname "$0")/java.sh" Gmm8Quality "$@"
