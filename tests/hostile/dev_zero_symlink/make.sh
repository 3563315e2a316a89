# Symlinks to endless or special files: /dev/zero, /dev/urandom, /dev/null.
# (Not /dev/stdin: what it points to depends on how ctest was started.)
ln -s /dev/zero "$1/services/zero.yaml"
ln -s /dev/urandom "$1/services/random.yaml"
ln -s /dev/null "$1/services/null.yaml"
