CREATE TABLE `parking_permits` (
  `id` int unsigned NOT NULL AUTO_INCREMENT,
  `holder_name` varchar(160) NOT NULL COMMENT 'Име на притежателя',
  `egn_hash` char(64) COMMENT 'SHA-256 на ЕГН',
  `plate` varchar(12) COMMENT 'Регистрационен номер на автомобила',
  `gender` enum('male','female') DEFAULT NULL,
  `zone` varchar(8) NOT NULL,
  `valid_until` date NOT NULL,
  `fee_paid` decimal(8,2),
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE `zones` (
  `code` varchar(8) NOT NULL,
  `description` varchar(255),
  `hourly_rate` decimal(6,2)
) ENGINE=InnoDB;
