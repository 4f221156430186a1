//! The sandbox region: an in-process simulation of ECS and ELB with a virtual clock.
