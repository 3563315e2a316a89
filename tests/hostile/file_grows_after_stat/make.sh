# A file whose size on stat is 0 but which has content when read (a /proc
# file), the way a file that grows between nbc's fstat and its read looks:
# nbc parses what it read ("Linux"), not what stat promised.
ln -s /proc/sys/kernel/ostype "$1/services/grown.yaml"
